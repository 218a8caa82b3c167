// An offer's structured terms: one zod schema per offer type, used to validate what the dashboard,
// the CLI and the custom API store, and to type what the merchant's backend receives (the result
// token's `offer` claim, the webhook payload, the API's event resource). The merchant applies an
// accepted offer from these fields, never by parsing its label.
import { z } from "zod";

export const OFFER_TYPES = ["discount", "pause", "plan_change", "extension"] as const;
export type OfferKind = (typeof OFFER_TYPES)[number];
export const offerKindSchema = z.enum(OFFER_TYPES);

const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be between ${min} and ${max}`)
    .max(max, `${what} must be between ${min} and ${max}`);

export const discountTerms = z
  .strictObject({
    percentOff: int("percentOff", 1, 100).optional().meta({ description: "1–100. Or amountOff." }),
    amountOff: z
      .number({ error: "amountOff must be a number" })
      .positive("amountOff must be more than 0")
      .max(1_000_000, "amountOff must be at most 1,000,000")
      .multipleOf(0.01, "amountOff has at most 2 decimals")
      .optional()
      .meta({ description: "Off each invoice, in `currency` (major units: 10.5 = 10.50)." }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "currency must be a 3-letter ISO 4217 code like USD")
      .transform((c) => c.toUpperCase())
      .optional()
      .meta({ description: "ISO 4217; required with amountOff." }),
    durationMonths: int("durationMonths", 1, 36).optional().meta({ description: "1–36. Or forever." }),
    forever: z.literal(true).optional().meta({ description: "The discount never ends." }),
  })
  .superRefine((t, ctx) => {
    if ((t.percentOff === undefined) === (t.amountOff === undefined)) {
      ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Give either percentOff or amountOff" });
    }
    if (t.amountOff !== undefined && !t.currency) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "currency is required with amountOff" });
    }
    if (t.percentOff !== undefined && t.currency) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "currency goes with amountOff only" });
    }
    if ((t.durationMonths === undefined) === (t.forever === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["durationMonths"],
        message: "Give either durationMonths (1–36) or forever: true",
      });
    }
  })
  .meta({ id: "DiscountTerms" });

/** What an accepted pause adds: the months the customer chose, and when billing resumes. */
export const pauseTerms = z
  .strictObject({
    maxMonths: int("maxMonths", 1, 12).meta({ description: "The customer picks 1…maxMonths." }),
    months: int("months", 1, 12)
      .optional()
      .meta({ description: "Accepted pauses: the months the customer chose." }),
    resumesAt: z.iso
      .datetime({ offset: true, error: "resumesAt must be an ISO 8601 date-time" })
      .optional()
      .meta({ description: "Accepted pauses: when billing resumes (ISO 8601)." }),
  })
  .refine((t) => t.months === undefined || t.months <= t.maxMonths, {
    message: "months must not exceed maxMonths",
    path: ["months"],
  })
  .meta({ id: "PauseTerms" });

export const planChangeTerms = z
  .strictObject({
    toPlan: z
      .string({ error: "toPlan is required" })
      .trim()
      .min(1, "toPlan is required")
      .max(100, "toPlan must be at most 100 characters")
      .meta({ description: "The plan to move the customer to, as your billing names it." }),
    priceLabel: z
      .string()
      .trim()
      .min(1)
      .max(100, "priceLabel must be at most 100 characters")
      .optional()
      .meta({ description: "Shown to the customer, like “$9/month”." }),
  })
  .meta({ id: "PlanChangeTerms" });

export const extensionTerms = z
  .strictObject({
    days: int("days", 1, 365).meta({ description: "Free days added to the subscription." }),
  })
  .meta({ id: "ExtensionTerms" });

export const TERMS_SCHEMAS = {
  discount: discountTerms,
  pause: pauseTerms,
  plan_change: planChangeTerms,
  extension: extensionTerms,
} as const;

export type DiscountTerms = z.output<typeof discountTerms>;
export type PauseTerms = z.output<typeof pauseTerms>;
export type PlanChangeTerms = z.output<typeof planChangeTerms>;
export type ExtensionTerms = z.output<typeof extensionTerms>;
export type OfferTerms = DiscountTerms | PauseTerms | PlanChangeTerms | ExtensionTerms;

/** Typed terms of one offer type, or the zod issues that say why not. */
export function parseTerms(type: OfferKind, raw: unknown) {
  return TERMS_SCHEMAS[type].safeParse(raw);
}

/**
 * Stored terms as they are read back: the type's shape, or null for offers made before terms
 * existed (stored `{}`) and for anything else that no longer parses.
 */
export function storedTerms(type: string | null | undefined, raw: unknown): OfferTerms | null {
  if (!type || !(OFFER_TYPES as readonly string[]).includes(type)) return null;
  const parsed = parseTerms(type as OfferKind, raw);
  return parsed.success ? parsed.data : null;
}

/**
 * The `offer` object the merchant's backend receives, one variant per type (OpenAPI `oneOf` with a
 * `type` discriminator): `terms` is null when none were given (the custom API) or for offers made
 * before terms existed.
 */
const offerVariant = <T extends OfferKind, S extends z.ZodType>(type: T, terms: S) =>
  z.object({
    type: z.literal(type),
    label: z.string().nullable(),
    accepted: z.boolean(),
    terms: terms.nullable(),
  });

export const appliedOfferSchema = z
  .discriminatedUnion("type", [
    offerVariant("discount", discountTerms),
    offerVariant("pause", pauseTerms),
    offerVariant("plan_change", planChangeTerms),
    offerVariant("extension", extensionTerms),
  ])
  .meta({ id: "AppliedOffer" });
export type AppliedOffer = z.infer<typeof appliedOfferSchema>;

/** Row fields → the typed offer object; null when no offer (type none or missing). */
export function appliedOffer(o: {
  type: string | null | undefined;
  label: string | null;
  accepted: boolean;
  terms: unknown;
}): AppliedOffer | null {
  if (!o.type || !(OFFER_TYPES as readonly string[]).includes(o.type)) return null;
  return {
    type: o.type as OfferKind,
    label: o.label,
    accepted: o.accepted,
    terms: storedTerms(o.type, o.terms),
  } as AppliedOffer;
}

/** The pause the customer accepted: `months` from now; `resumesAt` the same day-of-month, UTC. */
export function acceptedPause(terms: PauseTerms, months: number, now: Date): PauseTerms {
  const resumes = new Date(now);
  const day = resumes.getUTCDate();
  resumes.setUTCDate(1);
  resumes.setUTCMonth(resumes.getUTCMonth() + months);
  // The 31st of a month without one is its last day (Jan 31 + 1 month = Feb 28/29).
  const last = new Date(Date.UTC(resumes.getUTCFullYear(), resumes.getUTCMonth() + 1, 0)).getUTCDate();
  resumes.setUTCDate(Math.min(day, last));
  return { maxMonths: terms.maxMonths, months, resumesAt: resumes.toISOString() };
}

/** A short description of the terms for people (dashboard lists, the hosted page's kicker). */
export function describeTerms(type: string, terms: OfferTerms | null): string | null {
  if (!terms) return null;
  switch (type) {
    case "discount": {
      const t = terms as DiscountTerms;
      const off =
        t.percentOff !== undefined
          ? `${t.percentOff}% off`
          : `${new Intl.NumberFormat("en", { style: "currency", currency: t.currency ?? "USD" }).format(t.amountOff ?? 0)} off`;
      const span = t.forever
        ? "forever"
        : `for ${t.durationMonths} month${t.durationMonths === 1 ? "" : "s"}`;
      return `${off} ${span}`;
    }
    case "pause": {
      const t = terms as PauseTerms;
      if (t.months) return `Paused for ${t.months} month${t.months === 1 ? "" : "s"}`;
      return `Pause up to ${t.maxMonths} month${t.maxMonths === 1 ? "" : "s"}`;
    }
    case "plan_change": {
      const t = terms as PlanChangeTerms;
      return t.priceLabel ? `Switch to ${t.toPlan} (${t.priceLabel})` : `Switch to ${t.toPlan}`;
    }
    case "extension": {
      const t = terms as ExtensionTerms;
      return `${t.days} free day${t.days === 1 ? "" : "s"}`;
    }
    default:
      return null;
  }
}
