import { db } from "@/lib/db";

/** One delivery of one webhook event to one endpoint, as the dashboard and diagnostics show it. */
export type DeliverySummary = {
  id: string;
  eventId: string;
  eventType: string;
  endpoint: { id: string; url: string };
  status: "pending" | "succeeded" | "failed" | "dead";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
};

/**
 * The deliveries of the webhook events a hosted session or a cancellation event caused, oldest
 * first. Always scoped by workspace: ids from another workspace find nothing.
 */
export async function deliveriesCausedBy(
  workspaceId: string,
  cause: { cancelSessionId: string } | { cancellationEventId: string },
): Promise<DeliverySummary[]> {
  const webhookEvents = await db.webhookEvent.findMany({
    where: { workspaceId, ...cause },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      type: true,
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
  return webhookEvents.flatMap((e) =>
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
  );
}
