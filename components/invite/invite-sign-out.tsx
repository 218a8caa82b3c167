"use client";

import { Button } from "@/components/ui/button";

/** Signs out, then back to sign-in, returning to the invitation afterwards. */
export function InviteSignOut({ callbackUrl }: { callbackUrl: string }) {
  return (
    <Button
      onClick={async () => {
        const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
        await fetch("/api/auth/signout", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken, json: "true" }),
        });
        window.location.href = `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
      }}
    >
      Sign out and switch account
    </Button>
  );
}
