// The offer forms' term fields as the browser posts them: every type's fields are in the form (one
// fieldset per type, the chosen one shown), and only the chosen type's are read. Errors carry the
// field's own name so they show beside it; the domain's `terms.x` issues are mapped the same way.
import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { text } from "@/lib/dashboard/forms";
import type { OfferKind } from "@/lib/domain/reasons-offers/terms";
import { isCurrency } from "@/lib/domain/workspaces/general-schema";

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

function wholeNumber(v: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= min && n <= max ? n : null;
}

/**
 * The chosen type's terms from the form, or the issues (by field) that say what to fix.
 * Messages are written for the merchant at the field, not for an API caller.
 */
export function termsFromForm(
  type: OfferKind,
  f: TermFields,
): { terms: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const terms: Record<string, unknown> = {};
  const need = (path: keyof TermFields, value: number | null, message: string) => {
    if (value === null) issues.push({ path, message });
    return value ?? undefined;
  };
  switch (type) {
    case "discount": {
      if (f.discountKind === "amount") {
        const amount = /^\d+(\.\d{1,2})?$/.test(f.amountOff) ? Number(f.amountOff) : Number.NaN;
        if (!(amount > 0 && amount <= 1_000_000)) {
          issues.push({ path: "amountOff", message: "Enter an amount more than 0, like 10 or 9.99" });
        } else terms.amountOff = amount;
        const currency = f.currency.toUpperCase();
        if (!isCurrency(currency)) {
          issues.push({ path: "currency", message: "Enter a 3-letter currency code, like USD or EUR" });
        } else terms.currency = currency;
      } else {
        terms.percentOff = need(
          "percentOff",
          wholeNumber(f.percentOff, 1, 100),
          "Enter a whole percentage from 1 to 100",
        );
      }
      if (f.durationKind === "forever") terms.forever = true;
      else {
        terms.durationMonths = need(
          "durationMonths",
          wholeNumber(f.durationMonths, 1, 36),
          "Enter a whole number of months from 1 to 36",
        );
      }
      break;
    }
    case "pause":
      terms.maxMonths = need(
        "maxMonths",
        wholeNumber(f.maxMonths, 1, 12),
        "Enter a whole number of months from 1 to 12",
      );
      break;
    case "plan_change":
      if (!f.toPlan) issues.push({ path: "toPlan", message: "Name the plan to move the customer to" });
      else if (f.toPlan.length > 100) issues.push({ path: "toPlan", message: "At most 100 characters" });
      else terms.toPlan = f.toPlan;
      if (f.priceLabel.length > 100) issues.push({ path: "priceLabel", message: "At most 100 characters" });
      else if (f.priceLabel) terms.priceLabel = f.priceLabel;
      break;
    case "extension":
      terms.days = need("days", wholeNumber(f.days, 1, 365), "Enter a whole number of days from 1 to 365");
      break;
  }
  return { terms, issues };
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
