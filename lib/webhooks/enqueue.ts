import type { Tx } from "@/lib/db";
import type { CancellationResource } from "@/lib/domain/cancellations/schema";
import { createId } from "@/lib/ids";
import type { WebhookEventType, WebhookPayload } from "./events";

/**
 * Writes the outbox row for an event (inside the caller's transaction, so it exists exactly when the
 * change does) and one pending delivery per enabled endpoint that wants this type. The payload is
 * serialised here, once: those exact bytes are what gets signed and sent on every attempt.
 */
export async function enqueueCancellationWebhook(
  tx: Tx,
  input: {
    workspace: { id: string; workspaceKey: string };
    type: WebhookEventType;
    cancellation: CancellationResource;
    cancellationEventId: string;
    cancelSessionId?: string | null;
  },
): Promise<{ webhookEventId: string; deliveries: number }> {
  const id = createId("evt");
  const createdAt = new Date();
  const payload: WebhookPayload = {
    id,
    type: input.type,
    createdAt: createdAt.toISOString(),
    environment: input.cancellation.environment,
    workspaceKey: input.workspace.workspaceKey,
    data: { cancellation: input.cancellation },
  };
  await tx.webhookEvent.create({
    data: {
      id,
      workspaceId: input.workspace.id,
      type: input.type,
      environment: input.cancellation.environment,
      cancellationEventId: input.cancellationEventId,
      cancelSessionId: input.cancelSessionId ?? null,
      payload: JSON.stringify(payload),
      createdAt,
    },
  });
  const endpoints = await tx.webhookEndpoint.findMany({
    where: {
      workspaceId: input.workspace.id,
      enabled: true,
      OR: [{ eventTypes: { isEmpty: true } }, { eventTypes: { has: input.type } }],
    },
    select: { id: true },
  });
  if (endpoints.length) {
    await tx.webhookDelivery.createMany({
      data: endpoints.map((e) => ({
        workspaceId: input.workspace.id,
        webhookEventId: id,
        endpointId: e.id,
        nextAttemptAt: createdAt,
      })),
    });
  }
  return { webhookEventId: id, deliveries: endpoints.length };
}
