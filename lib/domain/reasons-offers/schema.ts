import { z } from "zod";

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
  type: z.enum(["discount", "pause"]),
  label: z.string().trim().min(1, "Label is required").max(200, "Label must be at most 200 characters"),
  terms: z.string().trim().max(1000, "Terms must be at most 1,000 characters").nullish(),
  targeting: targetingSchema,
  enabled: z.boolean(),
};

export const offerInput = z.strictObject({
  ...offerFields,
  targeting: offerFields.targeting.default({}),
  enabled: offerFields.enabled.default(true),
});
export type OfferInput = z.input<typeof offerInput>;

/** A change to an offer: only the fields given change (no defaults). */
export const offerUpdateInput = z.strictObject(offerFields).partial();
export type OfferUpdateInput = z.input<typeof offerUpdateInput>;
