import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { returnOrigin } from "@/lib/domain/workspaces/return-hosts";
import type { TimelineEntry } from "./timeline";

/** What happened in one hosted session, for `GET /api/v1/cancel-sessions/:id` and the dashboard. */
export async function getCancelSessionDiagnostics(workspaceId: string, id: string) {
  const s = await db.cancelSession.findFirst({
    where: { id, workspaceId },
    include: { cancellationEvent: { select: { id: true, eventId: true, outcome: true } } },
  });
  if (!s) throw new ApiError("not_found", `No cancel session ${id}`);
  const webhookEvents = await db.webhookEvent.findMany({
    where: { workspaceId, cancelSessionId: id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      type: true,
      createdAt: true,
      deliveries: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          status: true,
          attemptCount: true,
          lastStatusCode: true,
          lastError: true,
          nextAttemptAt: true,
          deliveredAt: true,
          endpoint: { select: { id: true, url: true } },
        },
      },
    },
  });
  const expired = s.status === "expired" || (s.status !== "completed" && s.expiresAt <= new Date());
  return {
    id: s.id,
    status: expired ? "expired" : s.status,
    environment: s.environment,
    userId: s.userId,
    context: {
      plan: s.plan,
      mrr: s.mrr === null ? null : Number(s.mrr.toString()),
      tenureDays: s.tenureDays,
    },
    metadata: s.metadata,
    returnHost: returnOrigin(s.returnUrl),
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    openedAt: s.openedAt?.toISOString() ?? null,
    completedAt: s.completedAt?.toISOString() ?? null,
    timeline: s.timeline as TimelineEntry[],
    reason: s.reasonKey ? { key: s.reasonKey, text: s.reasonText } : null,
    offer: s.offerId
      ? { id: s.offerId, type: s.offerType, label: s.offerLabel, accepted: s.offerAccepted }
      : null,
    outcome: s.outcome,
    resultToken: {
      issuedAt: s.resultTokenIssuedAt?.toISOString() ?? null,
      verifiedAt: s.resultTokenVerifiedAt?.toISOString() ?? null,
    },
    cancellation: s.cancellationEvent,
    webhookDeliveries: webhookEvents.flatMap((e) =>
      e.deliveries.map((d) => ({
        id: d.id,
        eventId: e.id,
        eventType: e.type,
        endpoint: d.endpoint,
        status: d.status,
        attempts: d.attemptCount,
        lastStatusCode: d.lastStatusCode,
        lastError: d.lastError,
        nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
      })),
    ),
  };
}
