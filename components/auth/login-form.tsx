"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input } from "@/components/ui/field";

async function startSignIn(
  provider: string,
  fields: Record<string, string>,
  callbackUrl: string,
): Promise<{ url?: string; error?: string }> {
  const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await fetch(`/api/auth/signin/${provider}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken, callbackUrl, json: "true" }),
  });
  const data = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
  if (!res.ok) return { error: data.error?.message ?? "Sign-in failed. Please try again." };
  // next-auth answers a refused address or a failed send with a redirect to the login page's error.
  const refused = data.url ? new URL(data.url, window.location.href).searchParams.get("error") : null;
  if (refused === "EmailSignin") return { error: "We could not send a sign-in link to that address." };
  if (refused) return { error: "Sign-in failed. Please try again." };
  return { url: data.url };
}

export function LoginForm({
  providers,
  callbackUrl = "/dashboard",
}: {
  providers: { id: string; name: string }[];
  /** A same-origin path, already checked by the page. */
  callbackUrl?: string;
}) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // Sign-in needs JavaScript (CSRF token); until it runs, the button stays disabled.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  return (
    <div className="space-y-6">
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const value = email.trim();
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
            setError("Enter a valid email address, like you@company.com");
            return;
          }
          setPending(true);
          setError(undefined);
          const result = await startSignIn("email", { email: value }, callbackUrl).catch(() => ({
            error: "Could not reach the server. Check your connection and try again.",
          }));
          setPending(false);
          if ("error" in result && result.error) setError(result.error);
          else router.push(`/login/check-email?email=${encodeURIComponent(value)}`);
        }}
        noValidate
      >
        <Field id="email" label="Work email" error={error}>
          <Input
            {...describedBy("email", error)}
            type="email"
            name="email"
            autoComplete="email"
            placeholder="you@company.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </Field>
        <Button type="submit" className="w-full" disabled={pending || !ready}>
          {pending ? "Sending link…" : "Email me a sign-in link"}
        </Button>
      </form>
      <noscript>
        <p className="text-sm text-red-700">Signing in needs JavaScript: please enable it for this page.</p>
      </noscript>
      {providers.length ? (
        <div className="space-y-3">
          <p className="text-center text-xs text-slate-500">or continue with</p>
          {providers.map((p) => (
            <Button
              key={p.id}
              variant="secondary"
              className="w-full"
              onClick={async () => {
                const result = await startSignIn(p.id, {}, callbackUrl);
                if (result.url) window.location.href = result.url;
                else setError(result.error);
              }}
            >
              {p.name}
            </Button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
