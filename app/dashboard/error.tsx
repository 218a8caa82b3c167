"use client";

import { useEffect, useRef } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/**
 * A dashboard page failed to render. Says so calmly and offers a retry; never the error's message
 * or stack (they are in the server log under the reference shown here).
 */
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : null;
  return (
    <Card className="mx-auto max-w-xl p-6 text-center sm:p-8" role="alert">
      <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold tracking-tight text-ink outline-none">
        This page could not be loaded
      </h1>
      <p className="mt-3 text-sm/6 text-ink-muted">
        Something went wrong on our side. Your data is safe; trying again usually helps.
      </p>
      {digest ? (
        <p className="mt-2 text-xs text-ink-subtle">
          If it keeps happening, quote reference <code className="font-mono">{digest}</code> to support.
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <ButtonLink href="/dashboard" variant="secondary">
          Go to the overview
        </ButtonLink>
      </div>
    </Card>
  );
}
