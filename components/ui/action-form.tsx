"use client";

import {
  type ComponentProps,
  createContext,
  type ReactNode,
  type RefObject,
  useActionState,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
} from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult, SubmittedValues } from "@/lib/dashboard/action";
import { withHttps } from "@/lib/dashboard/url-input";
import { Button } from "./button";
import { describedBy, Field, FormMessage, Input, Select, Textarea } from "./field";
import { toast, useToasterPresent } from "./toast";

type ServerAction<T> = (prev: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * Puts what was submitted back into a form's fields. React 19 resets a form once its action has
 * run (in the commit that renders the action's result); this runs after that commit, so a refused
 * form shows what was typed again. Works for fields rendered on the server too (uncontrolled, with
 * `defaultValue`), selects, checkboxes and radios; hidden, file and password fields are left alone.
 */
function restoreValues(form: HTMLFormElement, values: SubmittedValues) {
  for (const el of Array.from(form.elements)) {
    if (
      !(
        el instanceof HTMLInputElement ||
        el instanceof HTMLTextAreaElement ||
        el instanceof HTMLSelectElement
      ) ||
      !el.name ||
      ["hidden", "file", "password", "submit", "button", "reset"].includes(el.type)
    ) {
      continue;
    }
    const v = values[el.name];
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
      el.checked = list.includes(el.value);
    } else if (el instanceof HTMLSelectElement && el.multiple) {
      for (const o of Array.from(el.options)) o.selected = list.includes(o.value);
    } else if (v !== undefined) {
      el.value = list[0] ?? "";
    }
  }
}

export type ActionFormState<T> = {
  state: ActionResult<T> | null;
  formAction: (form: FormData) => void;
  pending: boolean;
  formRef: RefObject<HTMLFormElement | null>;
  /** The server's message for a field, shown beside it. */
  errorOf: (field: string) => string | undefined;
};

/**
 * The one pattern of a dashboard form (with lib/dashboard/action.ts): the action's state; a refused
 * form keeps what was typed (the wrapper returns it, this puts it back) and its field errors go
 * beside the fields; a success message becomes a toast when the page has a <Toaster> (`toasted`: the
 * form need not show it too).
 */
export function useActionForm<T = undefined>(
  action: ServerAction<T>,
  opts: { resetOnSuccess?: boolean } = {},
): ActionFormState<T> & { toasted: boolean } {
  const toaster = useToasterPresent();
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const toasted = useRef(new WeakSet<object>());
  useLayoutEffect(() => {
    if (state && !state.ok && state.values && formRef.current) restoreValues(formRef.current, state.values);
  }, [state]);
  useEffect(() => {
    if (!state?.ok) return;
    if (state.message && !toasted.current.has(state) && toast(state.message)) toasted.current.add(state);
    if (opts.resetOnSuccess) formRef.current?.reset();
  }, [state, opts.resetOnSuccess]);
  const errorOf = (field: string) => (state && !state.ok ? state.fieldErrors?.[field] : undefined);
  return {
    state,
    formAction,
    pending,
    formRef,
    errorOf,
    toasted: Boolean(state?.ok && state.message && toaster),
  };
}

const ActionFormContext = createContext<{ errorOf: (field: string) => string | undefined }>({
  errorOf: () => undefined,
});

/** Inside an <ActionForm>: the server's message for one of its fields. */
export const useFieldError = (field: string) => useContext(ActionFormContext).errorOf(field);

/**
 * A form bound to a server action (useActionForm): keeps what was typed when refused; a success
 * message is a toast (inline where the page has no toaster), an error stays in the form — beside
 * the field for the `fields` it shows errors for itself (with useFieldError), else below it.
 * `workspaceId`: the workspace it is rendered for, sent along so the action can refuse a form left
 * open across a workspace switch (lib/dashboard/action.ts).
 */
export function ActionForm<T = undefined>({
  action,
  children,
  className,
  resetOnSuccess,
  messageClassName,
  workspaceId,
  fields = [],
  noValidate,
  "aria-label": ariaLabel,
  render,
}: {
  action: ServerAction<T>;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  messageClassName?: string;
  workspaceId?: string;
  /** Fields that show their own error beside them (the rest go in the message below). */
  fields?: string[];
  noValidate?: boolean;
  "aria-label"?: string;
  /** What replaces the form once it has done its job (a created key shown once), else null. */
  render?: (state: ActionResult<T> | null) => ReactNode;
}) {
  const { state, formAction, formRef, errorOf, toasted } = useActionForm(action, { resetOnSuccess });
  const failed = state && !state.ok ? state : null;
  const elsewhere = failed
    ? Object.entries(failed.fieldErrors ?? {}).filter(([k]) => !fields.includes(k))
    : [];
  const message = failed
    ? failed.fieldErrors && !elsewhere.length
      ? null
      : { ok: false, message: elsewhere.length ? elsewhere.map(([, m]) => m).join(" · ") : failed.message }
    : state?.ok && !toasted
      ? state
      : null;
  const done = render?.(state);
  if (done) return done;
  return (
    <ActionFormContext.Provider value={{ errorOf }}>
      <form
        ref={formRef}
        action={formAction}
        className={className}
        noValidate={noValidate}
        aria-label={ariaLabel}
      >
        {workspaceId ? <input type="hidden" name="workspaceId" value={workspaceId} /> : null}
        {children}
        {message?.message ? (
          <div className={messageClassName ?? "mt-3 basis-full"}>
            <FormMessage state={message} />
          </div>
        ) : null}
      </form>
    </ActionFormContext.Provider>
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

/**
 * A labelled input inside an <ActionForm> whose error comes from the form's last result: shown
 * beside it, linked by aria-describedby, the control marked invalid. `url`: a URL typed without a
 * scheme gets https:// when the field loses focus (the server does the same).
 */
export function ActionField({
  id,
  name,
  label,
  hint,
  url,
  ...props
}: Omit<ComponentProps<"input">, "id" | "name"> & {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  url?: boolean;
}) {
  const error = useFieldError(name);
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input
        {...props}
        {...describedBy(id, error, Boolean(hint))}
        name={name}
        onBlur={(e) => {
          if (url) e.currentTarget.value = withHttps(e.currentTarget.value);
          props.onBlur?.(e);
        }}
      />
    </Field>
  );
}

/** A labelled select inside an <ActionForm>, its error beside it (as ActionField). */
export function ActionSelect({
  id,
  name,
  label,
  hint,
  children,
  ...props
}: Omit<ComponentProps<"select">, "id" | "name"> & {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
}) {
  const error = useFieldError(name);
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Select {...props} {...describedBy(id, error, Boolean(hint))} name={name}>
        {children}
      </Select>
    </Field>
  );
}

/** A labelled textarea inside an <ActionForm>, its error beside it (as ActionField). */
export function ActionTextarea({
  id,
  name,
  label,
  hint,
  ...props
}: Omit<ComponentProps<"textarea">, "id" | "name"> & {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
}) {
  const error = useFieldError(name);
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Textarea {...props} {...describedBy(id, error, Boolean(hint))} name={name} />
    </Field>
  );
}
