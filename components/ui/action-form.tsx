"use client";

import { type ComponentProps, type ReactNode, useActionState, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/dashboard/action";
import { Button } from "./button";
import { FormMessage } from "./field";

type ServerAction = (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/**
 * A form bound to a server action: shows its success or error message; optionally clears itself on
 * success. `workspaceId`: the workspace it is rendered for, sent along so the action can refuse a
 * form left open across a workspace switch (lib/dashboard/action.ts).
 */
export function ActionForm({
  action,
  children,
  className,
  resetOnSuccess,
  messageClassName,
  workspaceId,
}: {
  action: ServerAction;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  messageClassName?: string;
  workspaceId?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && resetOnSuccess) form.current?.reset();
  }, [state, resetOnSuccess]);
  return (
    <form ref={form} action={formAction} className={className}>
      {workspaceId ? <input type="hidden" name="workspaceId" value={workspaceId} /> : null}
      {children}
      {state?.message ? (
        <div className={messageClassName ?? "mt-3 basis-full"}>
          <FormMessage state={state} />
        </div>
      ) : null}
    </form>
  );
}

/** Submit button that disables itself while its form is submitting. */
export function SubmitButton({
  children,
  pendingLabel,
  ...props
}: ComponentProps<typeof Button> & { pendingLabel?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending || props.disabled} aria-disabled={pending} {...props}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
