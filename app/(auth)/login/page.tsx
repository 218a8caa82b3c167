import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { Card } from "@/components/ui/card";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { oauthProviders } from "@/lib/auth/options";
import { currentUser } from "@/lib/auth/session";
import { emailLinksLogged, env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one below.",
  EmailSignin: "We could not send the sign-in email. Please try again in a moment.",
  OAuthAccountNotLinked: "That email already signs in another way. Use the email link instead.",
  Default: "Sign-in failed. Please try again.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; callbackUrl?: string }>;
}) {
  const { error, callbackUrl: requested } = await searchParams;
  // Back to where sign-in was needed (an invitation), on this site only.
  const callbackUrl = safeCallbackPath(requested);
  if (await currentUser()) redirect(callbackUrl);
  const e = env();
  const smtp = Boolean(e.SMTP_URL);

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-50 px-4 py-12">
      <Link href="/" className="mb-6 text-lg font-semibold text-slate-900">
        RetentBase
      </Link>
      <Card className="w-full max-w-sm p-6 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Sign in to RetentBase</h1>
        <p className="mt-2 text-sm text-slate-600">No password: we email you a link that signs you in.</p>
        {callbackUrl.startsWith("/invite/") ? (
          <p className="mt-4 rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-900">
            Sign in with the email address the invitation was sent to; you come back here to accept it.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {ERRORS[error] ?? ERRORS.Default}
          </p>
        ) : null}
        <div className="mt-6">
          <LoginForm providers={oauthProviders()} callbackUrl={callbackUrl} />
        </div>
        {!smtp ? (
          <p className="mt-6 rounded-lg bg-amber-50 px-3 py-2 text-xs text-amber-900">
            {emailLinksLogged(e)
              ? "This server has no email configured (SMTP_URL), so the sign-in link is written to the server log instead."
              : "This server has no email configured (SMTP_URL), so it cannot send sign-in links."}
          </p>
        ) : null}
      </Card>
    </main>
  );
}
