import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";

// One zod schema per payload: dashboard/CLI input, API queries and responses (and OpenAPI).

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, {
  error: `must be one of: ${WEBHOOK_EVENT_TYPES.join(", ")}`,
});

export const webhookEndpointInput = z.strictObject({
  url: z.string({ error: "url is required" }).trim().min(1, "url is required"),
  eventTypes: z
    .array(webhookEventTypeSchema)
    .default([])
    .meta({ description: "Event types to send; empty = all of them." }),
  description: z.string().trim().max(200, "description must be at most 200 characters").nullish(),
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointInput>;

export const webhookEndpointUpdate = webhookEndpointInput.partial();
export type WebhookEndpointUpdate = z.input<typeof webhookEndpointUpdate>;

export const webhookCircuitResource = z
  .object({
    state: z.enum(["closed", "open", "half_open"]).meta({
      description:
        "closed: deliveries flow. open: the endpoint timed out repeatedly, so none of its deliveries are sent until retryAt. half_open: the cooldown is over; the next attempt is a probe that closes the circuit if the endpoint answers.",
    }),
    consecutiveTimeouts: z.number().int().meta({
      description: "Attempts in a row that got no answer on an accepted connection.",
    }),
    openedAt: z.string().nullable(),
    retryAt: z
      .string()
      .nullable()
      .meta({ description: "While open: when the next attempt (the probe) may go." }),
  })
  .meta({ id: "WebhookCircuit" });
export type WebhookCircuitResource = z.infer<typeof webhookCircuitResource>;

export const webhookEndpointResource = z
  .object({
    id: z.string().meta({ description: "we_…" }),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: z.string().nullable(),
    failingSince: z.string().nullable(),
    circuit: webhookCircuitResource,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpointResource = z.infer<typeof webhookEndpointResource>;

export const deliveryStatusSchema = z.enum(["pending", "succeeded", "failed", "dead"]);

export const listWebhookDeliveriesQuery = z.strictObject({
  status: deliveryStatusSchema.optional(),
  endpointId: z.string().max(100).optional(),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int("limit must be a whole number")
    .min(1, "limit must be between 1 and 100")
    .max(100, "limit must be between 1 and 100")
    .default(25),
  cursor: z.string().max(200).optional(),
});
export type ListWebhookDeliveriesQuery = z.output<typeof listWebhookDeliveriesQuery>;

export const deliveryIdParams = z.strictObject({ deliveryId: z.string().min(1).max(100) });

export const webhookAttemptResource = z
  .object({
    id: z.string().meta({ description: "dlv_…, sent as x-retentbase-delivery-id." }),
    attempt: z.number().int(),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable().meta({ description: "The first 4 KB of the response body." }),
    createdAt: z.string(),
  })
  .meta({ id: "WebhookAttempt" });

export const webhookDeliveryResource = z
  .object({
    id: z.string().meta({ description: "wd_…: one per event and endpoint." }),
    status: deliveryStatusSchema,
    event: z.object({ id: z.string().meta({ description: "evt_…" }), type: z.string() }),
    endpoint: z.object({ id: z.string(), url: z.string(), circuit: webhookCircuitResource }),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    attempts: z.array(webhookAttemptResource),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryResource = z.infer<typeof webhookDeliveryResource>;

export const webhookDeliveryList = z
  .object({
    data: z.array(webhookDeliveryResource),
    hasMore: z.boolean(),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page." }),
  })
  .meta({ id: "WebhookDeliveryList" });
