"use client";

import Link from "next/link";
import { ActionField, ActionForm, SubmitButton } from "@/components/ui/action-form";
import { buttonClasses } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { type CreatedWorkspace, createWorkspaceAction } from "../../actions";

export function CreateWorkspaceForm() {
  return (
    <ActionForm<CreatedWorkspace>
      action={createWorkspaceAction}
      fields={["name", "returnUrl"]}
      noValidate
      className="space-y-4"
      render={(state) => (state?.ok && state.data ? <Created workspace={state.data} /> : null)}
    >
      <ActionField
        id="name"
        name="name"
        label="Workspace name"
        hint="Usually your company or product name."
        required
        maxLength={80}
        autoComplete="organization"
      />
      <ActionField
        id="returnUrl"
        name="returnUrl"
        label="Return URL (optional)"
        hint="Where customers land after the cancellation flow, e.g. your billing settings page. You can change it later."
        type="url"
        inputMode="url"
        url
        placeholder="https://app.example.com/account"
      />
      <SubmitButton pendingLabel="Creating…">Create workspace</SubmitButton>
    </ActionForm>
  );
}

function Created({ workspace }: { workspace: CreatedWorkspace }) {
  return (
    <div className="space-y-4" aria-live="polite">
      <h2 className="text-lg font-semibold text-slate-900">{workspace.name} is ready</h2>
      <p className="text-sm text-slate-600">
        Here is your first API key. Copy it now: for your security it is shown only once (you can create more
        under Settings → API).
      </p>
      <div className="flex items-center gap-2 rounded-lg border border-slate-200 bg-slate-50 p-3">
        <code className="min-w-0 flex-1 truncate font-mono text-sm" data-testid="new-api-key">
          {workspace.apiKey}
        </code>
        <CopyButton value={workspace.apiKey} />
      </div>
      <Link href="/dashboard" className={buttonClasses()}>
        Continue to the dashboard
      </Link>
    </div>
  );
}
