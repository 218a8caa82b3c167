// One wrapper for every dashboard server action, as lib/api/handler.ts is for the API: a reader who
// knows one knows both. In order: session → the current workspace (a membership, or the demo as a
// viewer) → the write policy (lib/access/policy.ts: plan, demo, read-only, role) → the form's
// workspace is the current one → zod over the form → the domain call → error mapping → revalidate.
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { checkAccess, type Requirement } from "@/lib/access/policy";
import { ApiError } from "@/lib/api/errors";
import { requireUser, type SessionUser } from "@/lib/auth/session";
import { type Actor, userActor } from "@/lib/domain/audit";
import type { AccessibleWorkspace } from "@/lib/domain/workspaces/access";
import { logger } from "@/lib/logger";
import { requireWorkspace } from "./context";
import { field, readForm } from "./forms";

/** What a form sent, by field name (text only: files are not sent back). */
export type SubmittedValues = Record<string, string | string[]>;

export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | {
      ok: false;
      message: string;
      fieldErrors?: Record<string, string>;
      /**
       * What was submitted, so the form shows it again: React resets a form after its action runs,
       * and a refused form must keep what was typed (components/ui/action-form.tsx puts it back).
       */
      values?: SubmittedValues;
    };

/** A refusal the person can act on (stale tab, policy): its message is shown as it is. */
export class ActionDenied extends Error {}

/** Success: say what happened (the wrapper re-renders the dashboard with the change). */
export function saved<T = undefined>(message?: string, data?: T): ActionResult<T> {
  return {
    ok: true,
    ...(message === undefined ? {} : { message }),
    ...(data === undefined ? {} : { data }),
  };
}

/** A refusal found by the action itself ("That key no longer exists."). */
export function refused(message: string): ActionResult<never> {
  return { ok: false, message };
}

type Form = z.ZodObject;
type Input<S> = S extends Form ? z.output<S> : Record<string, never>;
type Handler<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

export type WorkspaceActionContext = {
  user: SessionUser;
  workspace: AccessibleWorkspace;
  /** Who the audit log records: `user:<id>`. */
  actor: Actor;
  /** The raw form, for what a schema does not describe (an uploaded file). */
  form: FormData;
};

export type WorkspaceActionOptions<S extends Form | undefined> = Requirement & {
  /** The form's fields, read through the shared form reader (NUL and lone surrogates refused by field). */
  schema?: S;
  /** Shown when something unexpected fails (logged, never thrown to Next's error page). */
  unexpected?: string;
};

const GENERIC = "Something went wrong on our side. Please try again.";

/**
 * A server action acting on the signed-in member's current workspace. Every form carries the id of
 * the workspace it was rendered for (`<input type="hidden" name="workspaceId">`): if another tab
 * switched workspaces since, the action refuses instead of changing the wrong one.
 */
export function workspaceAction<S extends Form | undefined = undefined, T = undefined>(
  options: WorkspaceActionOptions<S>,
  fn: (input: Input<S>, ctx: WorkspaceActionContext) => Promise<ActionResult<T>>,
): Handler<T> {
  const { schema, unexpected, ...need } = options;
  return async (_prev, form) =>
    run<T>(form, unexpected, async () => {
      const { user, current } = await requireWorkspace();
      const denial = checkAccess(current, { via: "dashboard", role: current.role }, need);
      if (denial) throw new ActionDenied(denial.message);
      assertFormWorkspace(form, current);
      const input = (schema ? readForm(form, schema) : {}) as Input<S>;
      return fn(input, { user, workspace: current, actor: userActor(user.id), form });
    });
}

/**
 * A server action for the signed-in user outside any one workspace (onboarding, switching,
 * accepting an invitation): the same reading and error mapping, no workspace checks.
 */
export function userAction<S extends Form | undefined = undefined, T = undefined>(
  options: { schema?: S; unexpected?: string },
  fn: (input: Input<S>, ctx: { user: SessionUser; actor: Actor; form: FormData }) => Promise<ActionResult<T>>,
): Handler<T> {
  return async (_prev, form) =>
    run<T>(form, options.unexpected, async () => {
      const user = await requireUser();
      const input = (options.schema ? readForm(form, options.schema) : {}) as Input<S>;
      return fn(input, { user, actor: userActor(user.id), form });
    });
}

/**
 * A plain form action for the signed-in user that ends in a navigation (the workspace switcher, a
 * form that works without JavaScript): it has no state to answer with, so a form it cannot read
 * leads to `to` unchanged, like one it acts on.
 */
export function navigationAction<S extends Form>(
  options: { schema: S; to: string },
  fn: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<void>,
): (form: FormData) => Promise<never> {
  return async (form) => {
    const user = await requireUser();
    let input: z.output<S> | null = null;
    try {
      input = readForm(form, options.schema);
    } catch (e) {
      if (!(e instanceof ApiError || e instanceof z.ZodError)) throw e;
    }
    if (input) await fn(input, { user });
    redirect(options.to);
  };
}

/**
 * Forms carry the id of the workspace they were rendered for. Actions act on the workspace in the
 * cookie; if another tab switched it since, refuse rather than change the wrong workspace.
 */
export function assertFormWorkspace(form: unknown, current: { id: string }) {
  const rendered = field(form, "workspaceId");
  if (!rendered) {
    throw new ActionDenied(
      "This form does not say which workspace it is for: reload this page, then try again.",
    );
  }
  if (rendered !== current.id) {
    throw new ActionDenied(
      "You switched to another workspace in a different tab: reload this page, then try again.",
    );
  }
}

async function run<T>(
  form: unknown,
  unexpected: string | undefined,
  body: () => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  let result: ActionResult<T>;
  try {
    result = await body();
  } catch (e) {
    // redirect() and notFound() are how Next leaves an action: not errors.
    unstable_rethrow(e);
    result = errorResult(e, unexpected);
  }
  if (result.ok) {
    revalidatePath("/dashboard", "layout");
    return result;
  }
  const values = result.values ?? submittedValues(form);
  return Object.keys(values).length ? { ...result, values } : result;
}

/**
 * The text a form sent, to show again after a refusal. Not the workspace id (the page renders its
 * own), not Next's own fields, not files; values Postgres could not store are sent back as they
 * came (the browser had them anyway).
 */
export function submittedValues(form: unknown): SubmittedValues {
  const values: SubmittedValues = {};
  if (!(form instanceof FormData)) return values;
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key === "workspaceId" || key.startsWith("$ACTION")) continue;
    const had = values[key];
    values[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return values;
}

type Issue = { path: string; message: string };

function issuesOf(e: ApiError): Issue[] | null {
  const details = e.details as { issues?: unknown } | undefined;
  if (!Array.isArray(details?.issues)) return null;
  const issues = details.issues.filter(
    (i): i is Issue => typeof i?.path === "string" && typeof i?.message === "string",
  );
  return issues.length ? issues : null;
}

// Domain messages are written to follow a field name ("url: must start with https://"); shown
// beside the field they read as a sentence. Others start with a host name, left as it is.
const sentence = (s: string) => (/^must\b/.test(s) ? `M${s.slice(1)}` : s);

/** Every failure as what the form shows: beside the field it names, else one message. */
export function errorResult(e: unknown, unexpected = GENERIC): ActionResult<never> {
  if (e instanceof ActionDenied) return { ok: false, message: e.message };
  if (e instanceof ApiError) {
    const issues = issuesOf(e);
    if (!issues) return { ok: false, message: e.message };
    const fieldErrors = Object.fromEntries(issues.map((i) => [i.path, sentence(i.message)]));
    return { ok: false, message: issues.map((i) => sentence(i.message)).join(" · "), fieldErrors };
  }
  if (e instanceof z.ZodError) {
    const fieldErrors = Object.fromEntries(e.issues.map((i) => [i.path.join(".") || "form", i.message]));
    return { ok: false, message: e.issues.map((i) => i.message).join(" · "), fieldErrors };
  }
  logger.error({ err: e }, "unhandled error in a dashboard action");
  return { ok: false, message: unexpected };
}
