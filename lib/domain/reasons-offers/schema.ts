import { z } from "zod";
import { type OfferKind, type OfferTerms, offerKindSchema, TERMS_SCHEMAS } from "./terms";

export const reasonKeySchema = z
  .string()
  .trim()
  .min(1, "Key is required")
  .max(100, "Key must be at most 100 characters")
  .regex(/^[a-z0-9_]+$/, "Use only lowercase letters, digits and _ (like too_slow)");

export const reasonLabelSchema = z
  .string()
  .trim()
  .min(1, "Label is required")
  .max(120, "Label must be at most 120 characters");

export const addReasonInput = z.strictObject({
  key: reasonKeySchema,
  label: reasonLabelSchema,
  enabled: z.boolean().default(true),
});

export const updateReasonInput = z.strictObject({
  label: reasonLabelSchema.optional(),
  enabled: z.boolean().optional(),
});

/** Who sees an offer. Every condition set must hold; an unknown customer value never matches a set condition. */
export const targetingSchema = z
  .strictObject({
    plans: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    minMrr: z.number().finite().nonnegative().optional(),
    maxMrr: z.number().finite().nonnegative().optional(),
    minTenureDays: z.number().int().nonnegative().optional(),
    maxTenureDays: z.number().int().nonnegative().optional(),
  })
  .refine((t) => t.minMrr === undefined || t.maxMrr === undefined || t.minMrr <= t.maxMrr, {
    message: "minMrr must not exceed maxMrr",
    path: ["minMrr"],
  })
  .refine(
    (t) =>
      t.minTenureDays === undefined || t.maxTenureDays === undefined || t.minTenureDays <= t.maxTenureDays,
    {
      message: "minTenureDays must not exceed maxTenureDays",
      path: ["minTenureDays"],
    },
  );
export type Targeting = z.infer<typeof targetingSchema>;

const offerFields = {
  reasonKey: z.string().nullish().describe("null: every reason"),
  type: offerKindSchema,
  label: z.string().trim().min(1, "Label is required").max(200, "Label must be at most 200 characters"),
  /** The small print shown under the label. */
  termsText: z.string().trim().max(1000, "Terms text must be at most 1,000 characters").nullish(),
  /** Structured terms, validated against the type's schema (terms.ts). */
  terms: z.record(z.string(), z.unknown()),
  targeting: targetingSchema,
  enabled: z.boolean(),
};

/** The type's terms schema applied to `terms`; its issues are reported under `terms.…`. */
function termsMatchType(o: { type?: OfferKind; terms?: Record<string, unknown> }, ctx: z.RefinementCtx) {
  if (!o.type || o.terms === undefined) return;
  const parsed = TERMS_SCHEMAS[o.type].safeParse(o.terms);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", path: ["terms", ...issue.path.map(String)], message: issue.message });
  }
}

export const offerInput = z
  .strictObject({
    ...offerFields,
    targeting: offerFields.targeting.default({}),
    enabled: offerFields.enabled.default(true),
  })
  .superRefine(termsMatchType)
  .transform((o) => ({ ...o, terms: TERMS_SCHEMAS[o.type].parse(o.terms) as OfferTerms }));
export type OfferInput = z.input<typeof offerInput>;

/**
 * A change to an offer: only the fields given change (no defaults). A new type needs its terms;
 * terms alone are checked against the stored type by updateOffer.
 */
export const offerUpdateInput = z
  .strictObject(offerFields)
  .partial()
  .refine((o) => o.type === undefined || o.terms !== undefined, {
    message: "A new offer type needs its terms",
    path: ["terms"],
  })
  .superRefine(termsMatchType);
export type OfferUpdateInput = z.input<typeof offerUpdateInput>;
