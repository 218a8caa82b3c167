import { z } from "zod";
import { customerContextSchema, environmentSchema, metadataSchema } from "@/lib/domain/shared-schemas";

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
    context: customerContextSchema.optional(),
    metadata: metadataSchema.optional(),
  })
  .meta({ id: "CreateCancelLink" });
export type CancelLinkInput = z.output<typeof cancelLinkBody>;

export const cancelLinkResponse = z
  .object({
    url: z.string().meta({ description: "Redirect the customer here. Valid for 60 minutes." }),
    expires_at: z.string(),
    environment: environmentSchema,
    session_id: z.string().meta({ description: "For GET /api/v1/cancel-sessions/{id}." }),
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
    offer: z
      .object({ type: z.enum(["discount", "pause"]), label: z.string(), accepted: z.boolean() })
      .nullable(),
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
