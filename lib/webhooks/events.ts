import type { CancellationResource } from "@/lib/domain/cancellations/schema";

export const WEBHOOK_EVENT_TYPES = ["cancellation.created", "cancellation.outcome_updated"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | "webhook.test";

export type WebhookPayload = {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  environment: "prod" | "sandbox";
  workspaceKey: string;
  data: { cancellation: CancellationResource };
};

/**
 * The body of a webhook event, serialised once, when it is queued: those exact bytes are signed
 * and sent on every attempt. The environment is the cancellation's.
 */
export function webhookEventBody(input: {
  id: string;
  type: WebhookEventType;
  createdAt: Date;
  workspaceKey: string;
  cancellation: CancellationResource;
}): string {
  const payload: WebhookPayload = {
    id: input.id,
    type: input.type,
    createdAt: input.createdAt.toISOString(),
    environment: input.cancellation.environment,
    workspaceKey: input.workspaceKey,
    data: { cancellation: input.cancellation },
  };
  return JSON.stringify(payload);
}
