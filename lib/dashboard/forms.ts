// Shared by the settings server actions: reading form fields, the workspace a form was rendered
// for, and errors that belong beside one field.
import { revalidatePath } from "next/cache";
import { ApiError, issuesError } from "@/lib/api/errors";
import { unstorableText } from "@/lib/api/text";
import { ActionDenied, type ActionResult, action } from "./context";

// A server action gets whatever the request encoded as its arguments, not necessarily the FormData
// its signature names: anything else reads as an empty form (then fails validation as one would).
const formOf = (f: unknown): FormData | null => (f instanceof FormData ? f : null);

/** Text Postgres cannot store (NUL, lone surrogates) is refused beside its field, never passed on. */
function storable<T>(key: string, v: T): T {
  if (typeof v === "string") {
    const [issue] = unstorableText(v);
    if (issue) throw issuesError([{ path: [key], message: issue.message }]);
  }
  return v;
}

/** One form value (a string or a File), or null. */
export const formValue = (f: unknown, key: string) => storable(key, formOf(f)?.get(key) ?? null);
/** Every value of a repeated field. */
export const formValues = (f: unknown, key: string) =>
  (formOf(f)?.getAll(key) ?? []).map((v) => storable(key, v));
export const hasField = (f: unknown, key: string) => formOf(f)?.has(key) ?? false;
/** A text field, trimmed; "" when absent. */
export const field = (f: unknown, key: string) => String(formValue(f, key) ?? "").trim();
/** For actions that only compare a value (and redirect): unstorable text reads as "". */
export const fieldOrEmpty = (f: unknown, key: string) => {
  try {
    return field(f, key);
  } catch {
    return "";
  }
};

/** Success: re-render the dashboard with the change and say what happened. */
export function saved<T = undefined>(message: string, data?: T): ActionResult<T> {
  revalidatePath("/dashboard", "layout");
  return { ok: true, message, ...(data === undefined ? {} : { data }) };
}

/**
 * Forms carry the id of the workspace they were rendered for. Actions act on the workspace in the
 * cookie; if another tab switched it since, refuse rather than change the wrong workspace.
 */
export function assertFormWorkspace(f: unknown, current: { id: string }) {
  const rendered = field(f, "workspaceId");
  if (rendered && rendered !== current.id) {
    throw new ActionDenied(
      "You switched to another workspace in a different tab: reload this page, then try again.",
    );
  }
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

/**
 * `action()` for forms whose domain errors name a field (ApiError details.issues, as the webhook
 * URL check and the team rules give): the message goes beside that field as well.
 */
export function formAction<T>(fn: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  return action(async () => {
    try {
      return await fn();
    } catch (e) {
      const issues = e instanceof ApiError ? issuesOf(e) : null;
      if (!issues) throw e;
      const fieldErrors = Object.fromEntries(issues.map((i) => [i.path, sentence(i.message)]));
      return { ok: false, message: issues.map((i) => sentence(i.message)).join(" · "), fieldErrors };
    }
  });
}
