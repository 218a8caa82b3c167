// The offer forms' term fields as the browser posts them: every type's fields are in the form (one
// fieldset per type, the chosen one shown), and only the chosen type's are read. Errors carry the
// field's own name so they show beside it; the domain's `terms.x` issues are mapped the same way.
import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { text } from "@/lib/dashboard/forms";
import { type OfferKind, TERMS_SCHEMAS } from "@/lib/domain/reasons-offers/terms";

/** Every term field of every type (form field names). */
export const termFields = {
  discountKind: text(),
  percentOff: text(),
  amountOff: text(),
  currency: text(),
  durationKind: text(),
  durationMonths: text(),
  maxMonths: text(),
  toPlan: text(),
  priceLabel: text(),
  days: text(),
};
export type TermFields = { [K in keyof typeof termFields]: string };

/** The form field a structured term is edited in (the same name). */
const FIELD_OF: Record<string, keyof TermFields> = {
  percentOff: "percentOff",
  amountOff: "amountOff",
  currency: "currency",
  durationMonths: "durationMonths",
  forever: "durationMonths",
  maxMonths: "maxMonths",
  toPlan: "toPlan",
  priceLabel: "priceLabel",
  days: "days",
};

type Issue = { path: string; message: string };

/** What the merchant reads beside a term's field when its value is refused (any issue of it). */
type ValueField = Exclude<keyof TermFields, "discountKind" | "durationKind">;
const FIELD_MESSAGE: Record<ValueField, string> = {
  percentOff: "Enter a whole percentage from 1 to 100",
  amountOff: "Enter an amount more than 0, like 10 or 9.99",
  currency: "Enter a 3-letter currency code, like USD or EUR",
  durationMonths: "Enter a whole number of months from 1 to 36",
  maxMonths: "Enter a whole number of months from 1 to 12",
  toPlan: "Name the plan to move the customer to",
  priceLabel: "At most 100 characters",
  days: "Enter a whole number of days from 1 to 365",
};

/** A number field's value as the terms schema checks it: empty is absent, anything else a number. */
const num = (v: string) => (v === "" ? undefined : Number(v));

/**
 * The chosen type's terms from the form, or the issues (by field) that say what to fix. The form
 * decides which fields apply (the kind and duration choices) and that they are filled in; the
 * values are checked by the type's schema (terms.ts), the one the API and the CLI use too.
 */
export function termsFromForm(
  type: OfferKind,
  f: TermFields,
): { terms: Record<string, unknown>; issues: Issue[] } {
  const raw: Record<string, unknown> = {};
  const fields: ValueField[] = [];
  switch (type) {
    case "discount":
      if (f.discountKind === "amount") {
        raw.amountOff = num(f.amountOff);
        raw.currency = f.currency;
        fields.push("amountOff", "currency");
      } else {
        raw.percentOff = num(f.percentOff);
        fields.push("percentOff");
      }
      if (f.durationKind === "forever") raw.forever = true;
      else {
        raw.durationMonths = num(f.durationMonths);
        fields.push("durationMonths");
      }
      break;
    case "pause":
      raw.maxMonths = num(f.maxMonths);
      fields.push("maxMonths");
      break;
    case "plan_change":
      raw.toPlan = f.toPlan;
      fields.push("toPlan");
      if (f.priceLabel) {
        raw.priceLabel = f.priceLabel;
        fields.push("priceLabel");
      }
      break;
    case "extension":
      raw.days = num(f.days);
      fields.push("days");
      break;
  }
  // Every applicable field filled in (so all are reported at once), then the schema's verdict.
  const issues: Issue[] = fields
    .filter((field) => f[field] === "")
    .map((field) => ({ path: field, message: FIELD_MESSAGE[field] }));
  const parsed = TERMS_SCHEMAS[type].safeParse(raw);
  if (parsed.success) return { terms: parsed.data as Record<string, unknown>, issues };
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "");
    const field = (FIELD_OF[key] ?? key) as ValueField;
    // Only the fields on screen: "give percentOff or amountOff" for an empty amount is its field's.
    if (!fields.includes(field) || issues.some((i) => i.path === field)) continue;
    const message =
      field === "toPlan" && issue.code === "too_big" ? "At most 100 characters" : FIELD_MESSAGE[field];
    issues.push({ path: field, message });
  }
  // A refusal on no field shown (not expected): said at the first one, never saved silently.
  const first = fields[0] as ValueField;
  if (!issues.length) issues.push({ path: first, message: FIELD_MESSAGE[first] });
  return { terms: raw, issues };
}

/** A form schema's refinement: the chosen type's term fields, checked (issues under their field). */
export function checkTermFields(f: { type: OfferKind } & TermFields, ctx: z.RefinementCtx) {
  for (const issue of termsFromForm(f.type, f).issues) {
    ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  }
}

/** A domain refusal whose issues name `terms.x`: the same issues under the form field x. */
export function atTermFields(e: unknown): unknown {
  const toField = (path: string) => {
    const [head, key] = path.split(".");
    return head === "terms" && key && FIELD_OF[key] ? FIELD_OF[key] : path;
  };
  if (e instanceof z.ZodError) {
    return new z.ZodError(e.issues.map((i) => ({ ...i, path: [toField(i.path.map(String).join("."))] })));
  }
  if (e instanceof ApiError) {
    const issues = (e.details as { issues?: Issue[] } | undefined)?.issues;
    if (Array.isArray(issues)) {
      return new ApiError(e.code, e.message, {
        ...(e.details as object),
        issues: issues.map((i) => ({ ...i, path: toField(i.path) })),
      });
    }
  }
  return e;
}
