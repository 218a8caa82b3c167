// The dashboard's "Add endpoint" form, checked the same way in the browser and in the action.
// Only the URL's shape here: which hosts are allowed is decided on the server (target.ts), which
// knows the policy and resolves DNS.
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";

export const EVENT_TYPE_DESCRIPTIONS: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  "cancellation.created": "a customer finished a cancellation (hosted flow or API)",
  "cancellation.outcome_updated": "the final outcome of a cancellation changed",
};

export const webhookEndpointForm = z.object({
  url: z
    .string()
    .trim()
    .min(1, "Enter the URL that should receive webhooks")
    .max(2048, "At most 2048 characters")
    .refine((v) => {
      try {
        return ["https:", "http:"].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, "Enter a full URL, like https://example.com/webhooks/retentbase"),
  eventTypes: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1, "Choose at least one event type")
    .transform((types) => [...new Set(types)]),
  description: z.string().trim().max(200, "At most 200 characters").optional(),
});
export type WebhookEndpointForm = z.input<typeof webhookEndpointForm>;
