// Deliveries of a workspace: list with their attempts, retry a dead one, send a test event.
import { ApiError } from "@/lib/api/errors";
import { db, type Prisma } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import type { CancellationResource } from "@/lib/domain/cancellations/schema";
import { decodeApiCursor, keysetAfter, keysetPage } from "@/lib/domain/keyset-cursor";
import { createId } from "@/lib/ids";
import { deliveryInclude, toDeliveryResource } from "./delivery-resource";
import { requireWebhooksPlan } from "./endpoints";
import { webhookEventBody } from "./events";
import type { ListWebhookDeliveriesQuery, WebhookDeliveryResource } from "./schema";

/** Newest first, each with all its attempts; keyset cursor over (createdAt desc, id desc). */
export async function listWebhookDeliveries(workspaceId: string, q: ListWebhookDeliveriesQuery) {
  const where: Prisma.WebhookDeliveryWhereInput = { workspaceId };
  if (q.status) where.status = q.status;
  if (q.endpointId) where.endpointId = q.endpointId;
  if (q.cursor) where.AND = [keysetAfter("createdAt", decodeApiCursor(q.cursor))];
  const rows = await db.webhookDelivery.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    include: deliveryInclude,
  });
  const { page, hasMore, nextCursor } = keysetPage(rows, q.limit, (d) => d.createdAt);
  return { data: page.map(toDeliveryResource), hasMore, nextCursor };
}

export async function getWebhookDelivery(
  workspaceId: string,
  deliveryId: string,
): Promise<WebhookDeliveryResource> {
  const row = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, workspaceId },
    include: deliveryInclude,
  });
  if (!row) throw new ApiError("not_found", `No webhook delivery ${deliveryId}`);
  return toDeliveryResource(row);
}

/**
 * Queues a `dead` (or `failed`, to retry now) delivery for one more attempt, due immediately. The
 * attempt number keeps counting, so a retried dead delivery that fails again is dead again. The
 * caller sends it (scheduleWebhookDelivery, or a drain).
 */
export async function retryWebhookDelivery(
  workspaceId: string,
  deliveryId: string,
  opts: { actor?: Actor } = {},
): Promise<{ delivery: WebhookDeliveryResource; webhookEventId: string }> {
  await requireWebhooksPlan(workspaceId);
  const row = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, workspaceId },
    select: { status: true, lockedUntil: true, endpoint: { select: { enabled: true } } },
  });
  if (!row) throw new ApiError("not_found", `No webhook delivery ${deliveryId}`);
  if (!row.endpoint.enabled) {
    throw new ApiError("conflict", "The endpoint of this delivery is disabled: enable it, then retry");
  }
  const now = new Date();
  const count = await db.$transaction(async (tx) => {
    // Conditional on the state we checked, so a drainer holding the row (or a concurrent retry) wins.
    const { count } = await tx.webhookDelivery.updateMany({
      where: {
        id: deliveryId,
        workspaceId,
        status: { in: ["dead", "failed"] },
        OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
      },
      data: { status: "pending", nextAttemptAt: now, lockedUntil: null, updatedAt: now },
    });
    if (count) {
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "webhook_delivery.retried",
        target: deliveryId,
        details: { previousStatus: row.status },
      });
    }
    return count;
  });
  if (count === 0) {
    const message =
      row.status === "succeeded"
        ? "This delivery already succeeded"
        : "This delivery is already queued or being sent";
    throw new ApiError("conflict", message, { status: row.status });
  }
  const delivery = await getWebhookDelivery(workspaceId, deliveryId);
  return { delivery, webhookEventId: delivery.event.id };
}

/** A sample cancellation, clearly marked as a test, so a receiver can exercise its parsing. */
function sampleCancellation(now: Date): CancellationResource {
  const at = now.toISOString();
  return {
    id: "ce_test",
    eventId: `test_${now.getTime()}`,
    environment: "sandbox",
    source: "api",
    userId: "user_test",
    reasonKey: "too_expensive",
    reasonText: "This is a test event sent from RetentBase",
    outcome: "churned",
    offer: {
      type: "discount",
      accepted: false,
      label: "20% off next month",
      terms: { percentOff: 20, durationMonths: 1 },
    },
    noOfferReason: null,
    experiment: null,
    intent: "cancel",
    context: { plan: "pro", mrr: 49, tenureDays: 120 },
    occurredAt: at,
    outcomeEffectiveAt: at,
    metadata: { test: true },
    outcomeHistory: [
      { from: null, to: "churned", effectiveAt: at, metadata: {}, source: "api", recordedAt: at },
    ],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Queues a `webhook.test` event (environment sandbox, a sample cancellation) for one enabled
 * endpoint. Delivered, signed and recorded like any other event; the caller sends it.
 */
export async function sendTestWebhook(
  workspaceId: string,
  endpointId: string,
  opts: { actor?: Actor } = {},
): Promise<{ webhookEventId: string; deliveryId: string }> {
  await requireWebhooksPlan(workspaceId);
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, workspaceId },
    select: { id: true, url: true, enabled: true, workspace: { select: { workspaceKey: true } } },
  });
  if (!endpoint) throw new ApiError("not_found", `No webhook endpoint ${endpointId}`);
  if (!endpoint.enabled) {
    throw new ApiError("conflict", "This endpoint is disabled: enable it to send a test event");
  }
  const now = new Date();
  const webhookEventId = createId("evt");
  const deliveryId = createId("wd");
  const payload = webhookEventBody({
    id: webhookEventId,
    type: "webhook.test",
    createdAt: now,
    workspaceKey: endpoint.workspace.workspaceKey,
    cancellation: sampleCancellation(now),
  });
  await db.$transaction(async (tx) => {
    await tx.webhookEvent.create({
      data: {
        id: webhookEventId,
        workspaceId,
        type: "webhook.test",
        environment: "sandbox",
        payload,
        createdAt: now,
      },
    });
    await tx.webhookDelivery.create({
      data: { id: deliveryId, workspaceId, webhookEventId, endpointId, nextAttemptAt: now, createdAt: now },
    });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "webhook_endpoint.test_sent",
      target: endpoint.url,
      details: { endpointId, deliveryId },
    });
  });
  return { webhookEventId, deliveryId };
}
