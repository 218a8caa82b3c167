import countries from "i18n-iso-countries";
import { z } from "zod";
import { COMPLIANCE_MODES } from "@/lib/domain/compliance/mode";
import { complianceRecordSchema } from "@/lib/domain/compliance/record";
import { appliedOfferSchema, offerKindSchema } from "@/lib/domain/reasons-offers/terms";
import { customerContextSchema, environmentSchema, metadataSchema } from "@/lib/domain/shared-schemas";
import { canonicalTag } from "@/lib/i18n/locales";
import { webhookDeliveryResource } from "@/lib/webhooks/schema";
import { TIMELINE_STEPS } from "./timeline";

/** US states, DC and territories (ISO 3166-2:US without "US-"): the regions a US customer may name. */
const US_REGIONS = new Set(
  "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR UM VI".split(
    " ",
  ),
);

export const cancelLinkCustomer = z
  .strictObject({
    email: z.email("customer.email must be an email address").max(320).optional().meta({
      description: "Prefills the confirmation address; the receipt is emailed here.",
    }),
    name: z.string().trim().min(1).max(200, "customer.name must be at most 200 characters").optional(),
    country: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine(
        (c) => /^[A-Z]{2}$/.test(c) && countries.isValid(c),
        "customer.country must be an ISO 3166-1 alpha-2 code, such as DE or US",
      )
      .optional()
      .meta({ description: "ISO 3166-1 alpha-2. Picks the compliance mode (auto)." }),
    region: z
      .string()
      .transform((r) => r.toUpperCase())
      .refine(
        (r) => /^[A-Z0-9]{1,3}$/.test(r),
        "customer.region must be an ISO 3166-2 subdivision code without the country, such as CA",
      )
      .optional()
      .meta({ description: 'ISO 3166-2 subdivision without the country ("CA" for California).' }),
  })
  .superRefine((c, ctx) => {
    if (c.region && !c.country)
      ctx.addIssue({ code: "custom", path: ["region"], message: "customer.region needs customer.country" });
    if (c.region && c.country === "US" && !US_REGIONS.has(c.region))
      ctx.addIssue({
        code: "custom",
        path: ["region"],
        message: `customer.region: ${c.region} is not a US state or territory`,
      });
  })
  .meta({ id: "CancelLinkCustomer" });

export const cancelLinkSubscription = z
  .strictObject({
    reference: z
      .string()
      .trim()
      .min(1)
      .max(255, "subscription.reference must be at most 255 characters")
      .optional(),
    description: z
      .string()
      .trim()
      .min(1)
      .max(500, "subscription.description must be at most 500 characters")
      .optional()
      .meta({ description: 'What is cancelled, as the customer knows it ("Pro plan, monthly").' }),
    endsAt: z.iso
      .datetime({ offset: true, error: "subscription.endsAt must be an ISO 8601 date-time" })
      .optional()
      .meta({
        description: "When the cancellation would take effect; shown on the confirmation and the receipt.",
      }),
  })
  .meta({ id: "CancelLinkSubscription" });

export const cancelLinkBody = z
  .strictObject({
    userId: z
      .string({ error: "userId is required" })
      .trim()
      .min(1, "userId is required")
      .max(255, "userId must be at most 255 characters")
      .meta({ description: "Your stable customer reference." }),
    returnUrl: z
      .string()
      .max(2000, "returnUrl must be at most 2,000 characters")
      .optional()
      .meta({ description: "Overrides the default return URL; must be on the return-host allowlist." }),
    environment: environmentSchema.default("prod"),
    eligibleForOffers: z.boolean({ error: "eligibleForOffers must be true or false" }).default(true).meta({
      description:
        "false: show this customer no retention offer (they already hold a coupon, say). The session records why (`ineligible`).",
    }),
    context: customerContextSchema.optional(),
    metadata: metadataSchema.optional(),
    locale: z
      .string()
      .max(35)
      .refine((l) => canonicalTag(l) !== null, "locale must be a BCP 47 language tag, such as de or fr-CA")
      .optional()
      .meta({
        description:
          "BCP 47. Region variants fall back to the language (fr-CA → fr); a language the hosted flow does not speak falls back to the workspace's default locale. Absent: the browser's Accept-Language, else the workspace default.",
      }),
    customer: cancelLinkCustomer.optional(),
    subscription: cancelLinkSubscription.optional(),
    intent: z
      .enum(["cancel", "withdrawal"], { error: 'intent must be "cancel" or "withdrawal"' })
      .default("cancel")
      .meta({
        description: "withdrawal: the EU right of withdrawal, its own path (no offers, no required reason).",
      }),
  })
  .meta({ id: "CreateCancelLink" });
export type CancelLinkInput = z.output<typeof cancelLinkBody>;

export const cancelLinkResponse = z
  .object({
    url: z.string().meta({ description: "Redirect the customer here. Valid for 60 minutes." }),
    expires_at: z.string(),
    environment: environmentSchema,
    session_id: z.string().meta({ description: "For GET /api/v1/cancel-sessions/{id}." }),
    locale: z.string().meta({
      description:
        "The locale the flow speaks: the one given (as supported), else the workspace default — which the browser's Accept-Language may still override when no locale was given.",
    }),
    compliance_mode: z.enum(COMPLIANCE_MODES).meta({
      description: "The flow's shape, from the workspace's complianceMode and the customer's country/region.",
    }),
  })
  .meta({ id: "CancelLink" });

export const sessionIdParams = z.strictObject({
  id: z.string().regex(/^cs_[0-9A-Za-z]{1,64}$/, "not a cancel session id (cs_…)"),
});

export const verifyResultBody = z
  .strictObject({ token: z.string({ error: "token is required" }).min(1, "token is required").max(8192) })
  .meta({ id: "VerifyResultToken" });

/** The signed result the customer carries back in `#ci_result_token`. */
export const resultClaims = z
  .object({
    iss: z.string(),
    aud: z.string().meta({ description: "Your workspaceKey." }),
    sub: z.string().meta({ description: "The userId you sent to cancel-link." }),
    sid: z.string().meta({ description: "The cancel session id." }),
    env: environmentSchema,
    outcome: z.enum(["recovered", "churned"]),
    reasonKey: z.string(),
    offer: appliedOfferSchema.nullable().meta({
      description:
        "The offer shown, with its structured terms (an accepted pause: terms.months and terms.resumesAt). Apply it from these fields, not the label. null: no offer was shown.",
    }),
    experiment: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "The experiment (exp_…) the customer was assigned in; null when none." }),
    variant: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "The experiment variant's key; null when none." }),
    intent: z
      .enum(["cancel", "withdrawal"])
      .optional()
      .meta({ description: "withdrawal: the customer withdrew from the contract (outcome churned)." }),
    iat: z.number().int(),
    exp: z.number().int(),
    jti: z.string(),
  })
  .meta({ id: "ResultTokenClaims" });
export type ResultClaims = z.infer<typeof resultClaims>;

/** What `POST /api/v1/cancel-results/verify` answers (always 200: validity is in the body). */
export const verifyResultResponse = z
  .union([
    resultClaims.extend({
      valid: z.literal(true),
      firstVerifiedAt: z.string().meta({
        description:
          "When this session's result (`sid`) was first verified through this endpoint: this call's time on the first one.",
      }),
      alreadyVerified: z.boolean().meta({
        description:
          "true when this `sid` was verified before: act on a session's result once (dedupe on `sid`).",
      }),
    }),
    z.object({
      valid: z.literal(false),
      reason: z.enum(["malformed", "bad_signature", "expired", "other_workspace"]),
    }),
  ])
  .meta({ id: "VerifyResult" });
export type VerifyResult = z.infer<typeof verifyResultResponse>;

/** What `GET /api/v1/cancel-sessions/{id}` answers: the story of one hosted session. */
export const cancelSessionDiagnostics = z
  .object({
    id: z.string().meta({ description: "cs_…, the session_id of POST /api/v1/cancel-link." }),
    status: z.enum(["created", "opened", "completed", "expired"]).meta({
      description: "A link past its expiry reads as expired at once, before the expire job has run.",
    }),
    environment: environmentSchema,
    userId: z.string(),
    context: z.object({
      plan: z.string().nullable(),
      mrr: z.number().nullable(),
      tenureDays: z.number().int().nullable(),
    }),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    returnHost: z
      .string()
      .nullable()
      .meta({ description: "Only the origin of the return URL, never the full URL or the link token." }),
    createdAt: z.string(),
    expiresAt: z.string(),
    openedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    timeline: z.array(
      z.object({
        step: z.enum(TIMELINE_STEPS),
        at: z.string(),
        data: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    reason: z.object({ key: z.string(), text: z.string().nullable() }).nullable(),
    offer: z
      .object({
        id: z.string(),
        type: z.union([offerKindSchema, z.literal("none")]).nullable(),
        label: z.string().nullable(),
        accepted: z.boolean().nullable(),
        terms: z.record(z.string(), z.unknown()).nullable().meta({
          description:
            "The structured terms shown (see AppliedOffer); an accepted pause adds months and resumesAt.",
        }),
      })
      .nullable(),
    noOfferReason: z.enum(["no_match", "cooldown", "ineligible", "holdout"]).nullable().meta({
      description:
        "Why no offer was shown: no offer matched, the customer accepted one within the cooldown, the link said eligibleForOffers: false, or the experiment's holdout.",
    }),
    eligibleForOffers: z.boolean(),
    experiment: z
      .object({ id: z.string(), variant: z.string() })
      .nullable()
      .meta({ description: "The experiment and variant the session was assigned (sandbox sessions too)." }),
    outcome: z.enum(["churned", "recovered", "abandoned"]).nullable(),
    resultToken: z.object({ issuedAt: z.string().nullable(), verifiedAt: z.string().nullable() }),
    cancellation: z
      .object({
        id: z.string(),
        eventId: z.string(),
        outcome: z.enum(["churned", "recovered", "abandoned"]).nullable(),
      })
      .nullable()
      .meta({ description: "The cancellation event the finished (or abandoned) session recorded." }),
    webhookDeliveries: z.array(webhookDeliveryResource).meta({
      description:
        "The deliveries of the webhooks this session caused, oldest event first, each exactly as GET /api/v1/webhook-deliveries/{id} returns it.",
    }),
    compliance: complianceRecordSchema.meta({
      description:
        "The compliance record: jurisdiction, mode, locale, intent, every page shown with the actions it offered, clicks to confirmation, whether an offer was shown (and why not), the receipt and its email, the result token. The same record as GET /api/v1/compliance-records exports.",
    }),
  })
  .meta({ id: "CancelSessionDiagnostics" });
export type CancelSessionDiagnostics = z.infer<typeof cancelSessionDiagnostics>;
