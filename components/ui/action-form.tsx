"use client";

import { type ComponentProps, type ReactNode, useActionState, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/dashboard/context";
import { Button } from "./button";
import { FormMessage } from "./field";

type ServerAction = (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/** A form bound to a server action: shows its success or error message; optionally clears itself on success. */
export function ActionForm({
  action,
  children,
  className,
  resetOnSuccess,
  messageClassName,
}: {
  action: ServerAction;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  messageClassName?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok && resetOnSuccess) form.current?.reset();
  }, [state, resetOnSuccess]);
  return (
    <form ref={form} action={formAction} className={className}>
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
