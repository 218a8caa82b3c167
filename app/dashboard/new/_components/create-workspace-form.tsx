"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/dashboard/action";
import { type CreatedWorkspace, createWorkspaceAction } from "../../actions";

export function CreateWorkspaceForm() {
  const [state, formAction, pending] = useActionState<ActionResult<CreatedWorkspace> | null, FormData>(
    createWorkspaceAction,
    null,
  );
  if (state?.ok && state.data) {
    return (
      <div className="space-y-4" aria-live="polite">
        <h2 className="text-lg font-semibold text-slate-900">{state.data.name} is ready</h2>
        <p className="text-sm text-slate-600">
          Here is your first API key. Copy it now: for your security it is shown only once (you can create
          more under Settings → API).
        </p>
        <div className="flex items-center gap-2 rounded-lg border border-slate-200 bg-slate-50 p-3">
          <code className="min-w-0 flex-1 truncate font-mono text-sm" data-testid="new-api-key">
            {state.data.apiKey}
          </code>
          <CopyButton value={state.data.apiKey} />
        </div>
        <Link href="/dashboard" className={buttonClasses()}>
          Continue to the dashboard
        </Link>
      </div>
    );
  }
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage state={state && !state.ok && !errors ? state : null} />
      <Field
        id="name"
        label="Workspace name"
        hint="Usually your company or product name."
        error={errors?.name}
      >
        <Input
          {...describedBy("name", errors?.name, true)}
          name="name"
          required
          maxLength={80}
          autoComplete="organization"
        />
      </Field>
      <Field
        id="returnUrl"
        label="Return URL (optional)"
        hint="Where customers land after the cancellation flow, e.g. your billing settings page. You can change it later."
        error={errors?.returnUrl}
      >
        <Input
          {...describedBy("returnUrl", errors?.returnUrl, true)}
          name="returnUrl"
          type="url"
          placeholder="https://app.example.com/account"
        />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
