// The shared form reader of the dashboard's server actions (lib/dashboard/action.ts): form fields
// as values, refusing text Postgres cannot store beside its field.
import { z } from "zod";
import { issuesError } from "@/lib/api/errors";
import { unstorableText } from "@/lib/api/text";
import { withHttps } from "./url-input";

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

/**
 * The fields `schema` names, read from the form and parsed: a field sent once is a value (a string
 * or a File), sent several times a list, absent `undefined`. Unstorable text is refused beside its
 * field before the schema runs; the schema's output type is the action's input type.
 */
export function readForm<S extends z.ZodObject>(f: unknown, schema: S): z.output<S> {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const values = formValues(f, key);
    if (values.length) data[key] = values.length === 1 ? values[0] : values;
  }
  return schema.parse(data);
}

/** A text input, trimmed; absent reads as "" (as a browser sends an empty one). `then` validates it. */
export function text<T extends z.ZodType = z.ZodString>(then?: T) {
  return z.preprocess((v) => (typeof v === "string" ? v.trim() : (v ?? "")), (then ?? z.string()) as T);
}

/** A URL input, trimmed, `https://` put in front when typed without a scheme. `then` validates it. */
export function urlText<T extends z.ZodType = z.ZodString>(then?: T) {
  return z.preprocess((v) => (typeof v === "string" ? withHttps(v) : (v ?? "")), (then ?? z.string()) as T);
}

/** A field that may be sent several times (checkboxes of one name): always a list. `then` validates it. */
export function list<T extends z.ZodType = z.ZodArray<z.ZodString>>(then?: T) {
  return z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    (then ?? z.array(z.string())) as T,
  );
}

/** An optional raw value (a string or a File), passed on for the domain to judge; null when absent. */
export const raw = () => z.unknown().transform((v) => v ?? null);
