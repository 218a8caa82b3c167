"use client";

import { useActionState, useEffect, useState } from "react";
import { SubmitButton } from "@/components/ui/action-form";
import { CopyButton } from "@/components/ui/copy-button";
import { describedBy, Field, FormMessage, Input, Select } from "@/components/ui/field";
import { invitationInput, ROLE_LABELS, type TeamRole } from "@/lib/domain/workspaces/team-schema";
import { inviteMemberAction } from "../actions";

export function InviteForm({ workspaceId, roles }: { workspaceId: string; roles: readonly TeamRole[] }) {
  const [state, formAction] = useActionState(inviteMemberAction, null);
  // Controlled: React resets a form after its action runs; a refused address must stay to be fixed.
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<string>("member");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [showResult, setShowResult] = useState(true);
  useEffect(() => {
    if (state?.ok) setEmail("");
  }, [state]);
  const serverErrors = showResult && state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const errorOf = (k: string) => clientErrors[k] ?? serverErrors[k];
  const inline = Object.keys(serverErrors).some((k) => k === "email" || k === "role");

  return (
    <div className="mt-4 space-y-3">
      <form
        action={formAction}
        noValidate
        className="flex flex-wrap items-start gap-3"
        onSubmit={(e) => {
          const parsed = invitationInput.safeParse({ email, role });
          const errors: Record<string, string> = {};
          if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
          setClientErrors(errors);
          setShowResult(parsed.success);
          if (!parsed.success) e.preventDefault();
        }}
      >
        <input type="hidden" name="workspaceId" value={workspaceId} />
        <div className="min-w-56 flex-1">
          <Field id="invite-email" label="Email address" error={errorOf("email")}>
            <Input
              {...describedBy("invite-email", errorOf("email"))}
              name="email"
              type="email"
              autoComplete="off"
              placeholder="teammate@company.com"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          </Field>
        </div>
        <div className="w-36">
          <Field id="invite-role" label="Role" error={errorOf("role")}>
            <Select
              {...describedBy("invite-role", errorOf("role"))}
              name="role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="pt-7">
          <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
        </div>
      </form>
      {showResult && !inline ? <FormMessage state={state} /> : null}
      {showResult && state?.ok && state.data?.url ? (
        <div className="flex flex-wrap items-center gap-2">
          <code className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all">
            {state.data.url}
          </code>
          <CopyButton value={state.data.url} label="Copy link" />
        </div>
      ) : null}
    </div>
  );
}
