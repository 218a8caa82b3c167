import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { MAGIC_LINK_MINUTES } from "@/lib/auth/options";
import { emailLinksLogged, env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmail({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams;
  // Sign-in fails before this page when the link can go neither to an inbox nor to the log.
  const inLog = emailLinksLogged(env());
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <Card className="w-full max-w-sm p-6 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Check your email</h1>
        <p className="mt-2 text-sm text-slate-600">
          {inLog
            ? `No email server is configured, so the sign-in link for ${email ?? "you"} is in the server log. It works once, for ${MAGIC_LINK_MINUTES} minutes.`
            : `We sent a sign-in link to ${email ?? "your inbox"}. It works once, for ${MAGIC_LINK_MINUTES} minutes.`}
        </p>
        <p className="mt-6 text-sm">
          <Link href="/login" className="font-medium text-brand-700 underline underline-offset-4">
            Use a different email
          </Link>
        </p>
      </Card>
    </main>
  );
}
