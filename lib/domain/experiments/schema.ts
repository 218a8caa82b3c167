// Experiments: A/B tests of offers for one reason (or every reason), with an optional no-offer
// holdout. One zod schema per payload: the dashboard's and the CLI's input, the API's answers and
// the OpenAPI document.
import { z } from "zod";
import {
  discountTerms,
  extensionTerms,
  OFFER_TYPES,
  pauseTerms,
  planChangeTerms,
} from "@/lib/domain/reasons-offers/terms";

export const EXPERIMENT_STATUSES = ["draft", "running", "stopped"] as const;
export const experimentStatusSchema = z.enum(EXPERIMENT_STATUSES);
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const MAX_VARIANTS = 6;

export const variantKeySchema = z
  .string({ error: "Variant key is required" })
  .regex(/^[a-z0-9_-]{1,40}$/, "Use lowercase letters, digits, - and _");

export const experimentVariantInput = z.strictObject({
  key: variantKeySchema,
  offerId: z
    .string({ error: "offerId must be an offer id (off_…) or null for the holdout" })
    .regex(/^off_[0-9A-Za-z]{1,64}$/, "offerId must be an offer id (off_…) or null for the holdout")
    .nullable()
    .meta({ description: "The offer this variant shows; null = holdout (no offer)." }),
  weight: z
    .number({ error: "weight must be a number" })
    .int("weight must be a whole number")
    .min(1, "weight must be between 1 and 100")
    .max(100, "weight must be between 1 and 100"),
});
export type ExperimentVariantInput = z.input<typeof experimentVariantInput>;

export const createExperimentInput = z
  .strictObject({
    name: z
      .string({ error: "Name is required" })
      .trim()
      .min(1, "Name is required")
      .max(120, "Name must be at most 120 characters"),
    reasonKey: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .nullish()
      .meta({ description: "The reason the experiment is for; null or absent: every reason." }),
    variants: z
      .array(experimentVariantInput)
      .min(2, "An experiment needs at least 2 variants")
      .max(MAX_VARIANTS, `An experiment has at most ${MAX_VARIANTS} variants`),
  })
  .superRefine((e, ctx) => {
    const seenKeys = new Set<string>();
    const seenOffers = new Set<string>();
    let holdouts = 0;
    e.variants.forEach((v, i) => {
      if (seenKeys.has(v.key)) {
        ctx.addIssue({
          code: "custom",
          path: ["variants", i, "key"],
          message: `Key "${v.key}" is used twice`,
        });
      }
      seenKeys.add(v.key);
      if (v.offerId === null) {
        holdouts += 1;
        if (holdouts === 2) {
          ctx.addIssue({
            code: "custom",
            path: ["variants", i, "offerId"],
            message: "An experiment has at most one holdout",
          });
        }
      } else {
        if (seenOffers.has(v.offerId)) {
          ctx.addIssue({
            code: "custom",
            path: ["variants", i, "offerId"],
            message: "This offer is already a variant",
          });
        }
        seenOffers.add(v.offerId);
      }
    });
    if (e.variants.length > 0 && seenOffers.size === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["variants"],
        message: "At least one variant must show an offer",
      });
    }
  })
  .meta({ id: "CreateExperiment" });
export type CreateExperimentInput = z.input<typeof createExperimentInput>;

export const experimentIdParams = z.strictObject({
  id: z.string().regex(/^exp_[0-9A-Za-z]{1,64}$/, "not an experiment id (exp_…)"),
});

const termsSchema = z
  .union([discountTerms, pauseTerms, planChangeTerms, extensionTerms])
  .nullable()
  .meta({ description: "The offer's structured terms (the type's shape); null for offers without terms." });

export const experimentOfferResource = z.object({
  id: z.string().meta({ description: "Offer id (off_…)." }),
  type: z.enum(OFFER_TYPES),
  label: z.string(),
  terms: termsSchema,
  enabled: z.boolean(),
});

export const experimentVariantResource = z.object({
  key: z.string(),
  offerId: z.string().nullable().meta({ description: "null = holdout." }),
  holdout: z.boolean(),
  weight: z.number().int(),
  offer: experimentOfferResource
    .nullable()
    .meta({ description: "The variant's offer; null for the holdout." }),
});

export const experimentResource = z
  .object({
    id: z.string().meta({ description: "Experiment id (exp_…)." }),
    name: z.string(),
    reasonKey: z.string().nullable().meta({ description: "null = every reason." }),
    status: experimentStatusSchema,
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
    winnerVariant: z.string().nullable().meta({
      description: "Declared after stopping: this variant's offer became the scope's normal offer.",
    }),
    createdAt: z.string(),
    variants: z.array(experimentVariantResource),
  })
  .meta({ id: "Experiment" });
export type ExperimentResource = z.infer<typeof experimentResource>;

const interval = z
  .tuple([z.number(), z.number()])
  .nullable()
  .meta({ description: "95 % Wilson interval of the save rate; null without sessions." });

export const variantResults = z.object({
  key: z.string(),
  offerId: z.string().nullable(),
  holdout: z.boolean(),
  sessions: z.number().int().meta({ description: "Production sessions assigned to the variant." }),
  shown: z.number().int().meta({ description: "Sessions that were shown the offer." }),
  accepted: z.number().int(),
  saves: z.number().int().meta({
    description: "Customers who did not cancel (accepted the offer, or left without cancelling).",
  }),
  saveRate: z.number().nullable().meta({ description: "saves / sessions (intent to treat)." }),
  interval,
  mrrSaved: z.number().meta({ description: "Sum of the saved customers' MRR." }),
  validated: z
    .object({
      sessions: z.number().int().meta({ description: "Sessions older than 30 days." }),
      saves: z.number().int().meta({ description: "Their saves that lasted 30 days." }),
      saveRate: z.number().nullable(),
      interval,
    })
    .meta({ description: "Saves that lasted: only over sessions older than 30 days." }),
});

export const liftResult = z.object({
  variant: z.string(),
  vsHoldout: z
    .number()
    .nullable()
    .meta({ description: "Save rate minus the holdout's (a difference of proportions)." }),
  pValue: z
    .number()
    .nullable()
    .meta({ description: "Two-sided two-proportion z-test; null only while an arm has no session." }),
  enoughData: z.boolean().meta({ description: "Both arms have at least 30 sessions." }),
});

export const experimentResults = z
  .object({
    experimentId: z.string(),
    computedAt: z.string(),
    enoughData: z.boolean().meta({ description: "Every arm has at least 30 sessions." }),
    variants: z.array(variantResults),
    lift: z.array(liftResult).meta({ description: "One entry per offer variant; empty without a holdout." }),
  })
  .meta({ id: "ExperimentResults" });
export type ExperimentResults = z.infer<typeof experimentResults>;
export type VariantResults = z.infer<typeof variantResults>;

export const experimentDetail = experimentResource
  .extend({ results: experimentResults })
  .meta({ id: "ExperimentDetail" });
export type ExperimentDetail = z.infer<typeof experimentDetail>;

export const experimentList = z.object({ data: z.array(experimentResource) }).meta({ id: "ExperimentList" });
