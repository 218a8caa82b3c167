// A webhook delivery as the public API, the CLI and the dashboard show it: one shape
// (WebhookDelivery in lib/webhooks/schema.ts), whether listed, fetched, or as what a hosted session
// or a cancellation event caused.
import { db, type Prisma } from "@/lib/db";
import { toCircuitResource } from "./endpoints";
import type { WebhookDeliveryResource } from "./schema";

export const deliveryInclude = {
  webhookEvent: { select: { id: true, type: true } },
  endpoint: {
    select: {
      id: true,
      url: true,
      consecutiveTimeouts: true,
      circuitOpenedAt: true,
      circuitRetryAt: true,
      circuitOpenings: true,
    },
  },
  attempts: { orderBy: { attemptNumber: "asc" } },
} as const;

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ include: typeof deliveryInclude }>;

export function toDeliveryResource(d: DeliveryRow): WebhookDeliveryResource {
  return {
    id: d.id,
    status: d.status,
    event: { id: d.webhookEvent.id, type: d.webhookEvent.type },
    endpoint: { id: d.endpoint.id, url: d.endpoint.url, circuit: toCircuitResource(d.endpoint) },
    attemptCount: d.attemptCount,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    attempts: d.attempts.map((a) => ({
      id: a.id,
      attempt: a.attemptNumber,
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
      responseExcerpt: a.responseExcerpt,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

/**
 * The deliveries of the webhook events a hosted session or a cancellation event caused, oldest
 * event first. Always scoped by workspace: ids from another workspace find nothing.
 */
export async function deliveriesCausedBy(
  workspaceId: string,
  cause: { cancelSessionId: string } | { cancellationEventId: string },
): Promise<WebhookDeliveryResource[]> {
  const rows = await db.webhookDelivery.findMany({
    where: { workspaceId, webhookEvent: { workspaceId, ...cause } },
    orderBy: [{ webhookEvent: { createdAt: "asc" } }, { createdAt: "asc" }, { id: "asc" }],
    include: deliveryInclude,
  });
  return rows.map(toDeliveryResource);
}
