import { z } from "zod";
import { appliedOfferSchema, OFFER_TYPES, TERMS_SCHEMAS } from "@/lib/domain/reasons-offers/terms";
import {
  customerContextSchema,
  environmentSchema,
  eventIdSchema,
  isoDateTime,
  metadataSchema,
  rangeFrom,
  rangeTo,
} from "@/lib/domain/shared-schemas";

// One zod schema per payload: request parsing, webhook payloads and the OpenAPI document.

export const outcomeSchema = z.enum(["churned", "recovered", "abandoned"]);
export const finalOutcomeSchema = z.enum(["churned", "recovered"]);
export const offerTypeSchema = z.enum(["none", ...OFFER_TYPES]);
export const noOfferReasonSchema = z.enum(["no_match", "cooldown", "ineligible", "holdout"]);

const offerInput = z
  .strictObject({
    type: offerTypeSchema
      .default("none")
      .meta({ description: "Offer shown to the customer. Defaults to none." }),
    accepted: z.boolean().default(false).meta({ description: "Whether the customer accepted the offer." }),
    label: z
      .string()
      .max(200, "offer.label must be at most 200 characters")
      .nullish()
      .meta({ description: "Optional offer label for analytics." }),
    terms: z.record(z.string(), z.unknown()).nullish().meta({
      description:
        "Optional structured terms, validated per type: discount (percentOff or amountOff + currency; durationMonths or forever), pause (maxMonths; months, resumesAt), plan_change (toPlan, priceLabel), extension (days).",
    }),
  })
  .refine((o) => !(o.accepted && o.type === "none"), {
    message: "offer.accepted cannot be true when offer.type is none",
    path: ["accepted"],
  })
  .superRefine((o, ctx) => {
    if (o.terms == null) return;
    if (o.type === "none") {
      ctx.addIssue({
        code: "custom",
        path: ["terms"],
        message: "offer.terms needs an offer type other than none",
      });
      return;
    }
    const parsed = TERMS_SCHEMAS[o.type].safeParse(o.terms);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", path: ["terms", ...issue.path.map(String)], message: issue.message });
    }
  })
  .transform((o) => ({
    ...o,
    terms: o.terms == null || o.type === "none" ? null : TERMS_SCHEMAS[o.type].parse(o.terms),
  }));

export const createCancellationBody = z
  .strictObject({
    environment: environmentSchema.default("prod"),
    eventId: eventIdSchema.meta({
      description: "Stable idempotency key from your system: reuse it for safe retries.",
    }),
    userId: z
      .string()
      .min(1)
      .max(255, "userId must be at most 255 characters")
      .nullish()
      .meta({ description: "Optional external customer identifier from your system." }),
    reasonKey: z
      .string({ error: "reasonKey is required" })
      .min(1, "reasonKey is required")
      .max(100)
      .meta({ description: "Must match an enabled reason key in the workspace." }),
    outcome: outcomeSchema
      .nullish()
      .meta({ description: "Omit to create a pending event and PATCH it later." }),
    offer: offerInput.optional(),
    reasonText: z
      .string()
      .max(2000, "reasonText must be at most 2,000 characters")
      .nullish()
      .meta({ description: "Optional free-text customer note." }),
    context: customerContextSchema.optional(),
    occurredAt: isoDateTime.optional().meta({ description: "Defaults to the time of the request." }),
    metadata: metadataSchema.optional(),
  })
  .meta({ id: "CreateCancellation" });
export type CreateCancellationInput = z.output<typeof createCancellationBody>;

export const updateOutcomeBody = z
  .strictObject({
    environment: environmentSchema.optional().meta({
      description:
        "Environment of the event: here or as `?environment=` (both given must agree). Defaults to prod.",
    }),
    outcome: finalOutcomeSchema.meta({ description: "Final billing outcome." }),
    effectiveAt: isoDateTime.optional().meta({ description: "Defaults to the time of the request." }),
    metadata: metadataSchema.optional().meta({ description: "Recorded with this outcome change." }),
  })
  .meta({ id: "UpdateCancellationOutcome" });
export type UpdateOutcomeInput = Omit<z.output<typeof updateOutcomeBody>, "environment"> & {
  environment: z.output<typeof environmentSchema>;
};

export const eventIdParams = z.strictObject({ eventId: eventIdSchema });

export const environmentQuery = z.strictObject({ environment: environmentSchema.default("prod") });

/** PATCH takes the environment from the query or the body (the guide's way); absent in both: prod. */
export const optionalEnvironmentQuery = z.strictObject({
  environment: environmentSchema.optional().meta({
    description: "Environment of the event, instead of the body's `environment`. Defaults to prod.",
  }),
});

/** Filters shared by the event list and the CSV export. */
const eventFilters = {
  environment: environmentSchema.default("prod"),
  outcome: z.enum(["churned", "recovered", "abandoned", "pending"]).optional(),
  reasonKey: z.string().max(100).optional(),
  from: rangeFrom.optional().meta({
    description: "occurredAt ≥ from. A date alone (2026-12-01) is that day's start, UTC.",
  }),
  to: rangeTo.optional().meta({
    description: "occurredAt < to. A date alone (2026-12-01) includes that whole day, UTC.",
  }),
};
const fromBeforeTo = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || new Date(q.from) < new Date(q.to);

export const listCancellationsQuery = z
  .strictObject({
    environment: eventFilters.environment,
    outcome: eventFilters.outcome,
    reasonKey: eventFilters.reasonKey,
    userId: z.string().max(255).optional(),
    from: eventFilters.from,
    to: eventFilters.to,
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be between 1 and 100")
      .max(100, "limit must be between 1 and 100")
      .default(25),
    cursor: z.string().max(200).optional(),
  })
  .refine(fromBeforeTo, { message: "from must be before to", path: ["from"] });
export type ListCancellationsQuery = z.output<typeof listCancellationsQuery>;

export const exportCancellationsQuery = z
  .strictObject(eventFilters)
  .refine(fromBeforeTo, { message: "from must be before to", path: ["from"] });
export type ExportCancellationsQuery = z.output<typeof exportCancellationsQuery>;

export const outcomeChangeResource = z.object({
  from: outcomeSchema.nullable(),
  to: outcomeSchema,
  effectiveAt: z.string(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  source: z.enum(["api", "hosted", "job"]),
  recordedAt: z.string(),
});

/** The event resource: every /api/v1/cancellations response and the webhook payload. */
export const cancellationResource = z
  .object({
    id: z.string().meta({ description: "RetentBase id (ce_…)." }),
    eventId: z.string(),
    environment: environmentSchema,
    source: z.enum(["api", "hosted"]),
    userId: z.string().nullable(),
    reasonKey: z.string(),
    reasonText: z.string().nullable(),
    outcome: outcomeSchema.nullable().meta({ description: "null = pending." }),
    offer: z
      .union([
        appliedOfferSchema,
        z.object({
          type: z.literal("none"),
          label: z.string().nullable(),
          accepted: z.literal(false),
          terms: z.null(),
        }),
      ])
      .meta({
        description:
          "The offer, with its structured terms for your backend to apply (null terms: none were given). type none: no offer was shown.",
      }),
    noOfferReason: noOfferReasonSchema.nullable().meta({
      description: "Hosted flow: why no offer was shown (null when one was, and for API events).",
    }),
    experiment: z
      .object({ id: z.string(), variant: z.string() })
      .nullable()
      .meta({ description: "The experiment and variant of the hosted session, null when none." }),
    intent: z.enum(["cancel", "withdrawal"]).meta({
      description:
        "withdrawal: a hosted withdrawal from the contract (EU right of withdrawal); cancel otherwise.",
    }),
    context: z.object({
      plan: z.string().nullable(),
      mrr: z.number().nullable(),
      tenureDays: z.number().int().nullable(),
    }),
    occurredAt: z.string(),
    outcomeEffectiveAt: z.string().nullable(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    outcomeHistory: z.array(outcomeChangeResource),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Cancellation" });
export type CancellationResource = z.infer<typeof cancellationResource>;

export const cancellationList = z
  .object({
    data: z.array(cancellationResource),
    hasMore: z.boolean(),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page." }),
  })
  .meta({ id: "CancellationList" });
