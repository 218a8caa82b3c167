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
