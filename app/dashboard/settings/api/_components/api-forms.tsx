"use client";

import { useState } from "react";
import { SubmitButton, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { describedBy, Field, FormMessage, Input } from "@/components/ui/field";
import type { ActionResult } from "@/lib/dashboard/action";
import { revealSigningSecretAction } from "../actions";

type CreateKey = (
  p: ActionResult<{ key: string }> | null,
  f: FormData,
) => Promise<ActionResult<{ key: string }>>;

export function CreateKeyForm({ action, workspaceId }: { action: CreateKey; workspaceId: string }) {
  // Refused, the name stays to be fixed (useActionForm puts it back after React resets the form).
  const { state, formAction, formRef, errorOf } = useActionForm(action);
  const error = state && !state.ok ? (errorOf("name") ?? state.message) : undefined;
  return (
    <div className="mt-4 space-y-3">
      <form ref={formRef} action={formAction} noValidate className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="workspaceId" value={workspaceId} />
        <div className="w-64">
          <Field id="key-name" label="New key name" error={error}>
            <Input
              {...describedBy("key-name", error)}
              name="name"
              placeholder="Production"
              maxLength={60}
              required
            />
          </Field>
        </div>
        <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
      </form>
      {state?.ok && state.data ? (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-3" role="status">
          <p className="text-sm font-medium text-emerald-900">
            Copy your new key now: it will not be shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-sm"
              data-testid="new-api-key"
            >
              {state.data.key}
            </code>
            <CopyButton value={state.data.key} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RevealSecret({ workspaceId }: { workspaceId: string }) {
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<ActionResult<{ secret: string }> | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code
        className="min-w-0 flex-1 truncate rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-sm"
        data-testid="signing-secret"
      >
        {secret ?? "whsec_••••••••••••••••••••••••"}
      </code>
      {secret ? (
        <>
          <CopyButton value={secret} />
          <Button variant="ghost" size="sm" onClick={() => setSecret(undefined)}>
            Hide
          </Button>
        </>
      ) : (
        <Button
          variant="secondary"
          size="sm"
          onClick={async () => {
            const form = new FormData();
            form.set("workspaceId", workspaceId);
            const result = await revealSigningSecretAction(null, form);
            if (result.ok && result.data) setSecret(result.data.secret);
            else setError(result);
          }}
        >
          Reveal
        </Button>
      )}
      <FormMessage state={error} />
    </div>
  );
}
