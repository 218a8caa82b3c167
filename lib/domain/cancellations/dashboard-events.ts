// The dashboard's view of cancellation events: both sources (hosted flow and custom API), the
// same filters and keyset order as the API's list (read-cancellations.ts), plus a source filter,
// reason labels, and for one event the hosted session and webhook deliveries it caused.
import { db, type Environment, type OfferType, type Outcome } from "@/lib/db";
import { type KeysetPosition, keysetPage } from "@/lib/domain/keyset-cursor";
import { deliveriesCausedBy } from "@/lib/webhooks/delivery-resource";
import { type CancellationFilters, cancellationsOrder, cancellationsWhere } from "./read-cancellations";
import { toCancellationResource, withHistory } from "./resource";

/** Reason key → the label customers see, disabled reasons included (old events still use them). */
export async function reasonLabels(workspaceId: string): Promise<Map<string, string>> {
  const reasons = await db.reason.findMany({ where: { workspaceId }, select: { key: true, label: true } });
  return new Map(reasons.map((r) => [r.key, r.label]));
}

/** A reason's label; a session that expired before a reason was chosen records `unspecified`. */
export function reasonLabel(labels: Map<string, string>, key: string): string {
  return labels.get(key) ?? (key === "unspecified" ? "No reason given" : key);
}

export type DashboardEventRow = {
  id: string;
  eventId: string;
  environment: Environment;
  source: "hosted" | "api";
  userId: string | null;
  reasonKey: string;
  reasonLabel: string;
  offer: { type: OfferType; accepted: boolean; label: string | null };
  outcome: Outcome | null;
  mrr: number | null;
  occurredAt: string;
};

export async function listDashboardEvents(
  workspaceId: string,
  filters: CancellationFilters,
  opts: { after?: KeysetPosition; limit?: number } = {},
): Promise<{ data: DashboardEventRow[]; hasMore: boolean; nextCursor: string | null }> {
  const limit = opts.limit ?? 25;
  const [rows, labels] = await Promise.all([
    db.cancellationEvent.findMany({
      where: cancellationsWhere(workspaceId, filters, opts.after),
      orderBy: [...cancellationsOrder],
      take: limit + 1,
      select: {
        id: true,
        eventId: true,
        environment: true,
        source: true,
        userId: true,
        reasonKey: true,
        offerType: true,
        offerAccepted: true,
        offerLabel: true,
        outcome: true,
        mrr: true,
        occurredAt: true,
      },
    }),
    reasonLabels(workspaceId),
  ]);
  const { page, hasMore, nextCursor } = keysetPage(rows, limit, (e) => e.occurredAt);
  return {
    data: page.map((e) => ({
      id: e.id,
      eventId: e.eventId,
      environment: e.environment,
      source: e.source,
      userId: e.userId,
      reasonKey: e.reasonKey,
      reasonLabel: reasonLabel(labels, e.reasonKey),
      offer: { type: e.offerType, accepted: e.offerAccepted, label: e.offerLabel },
      outcome: e.outcome,
      mrr: e.mrr === null ? null : Number(e.mrr.toString()),
      occurredAt: e.occurredAt.toISOString(),
    })),
    hasMore,
    nextCursor,
  };
}

/**
 * One event by its RetentBase id (`ce_…`), with its outcome history, the hosted session it came
 * from and the webhook deliveries it caused. Null when it is not this workspace's: another
 * workspace's event is indistinguishable from one that does not exist.
 */
export async function getDashboardEvent(workspaceId: string, id: string) {
  const event = await db.cancellationEvent.findFirst({
    where: { id, workspaceId },
    include: withHistory,
  });
  if (!event) return null;
  const [labels, deliveries] = await Promise.all([
    reasonLabels(workspaceId),
    deliveriesCausedBy(workspaceId, { cancellationEventId: event.id }),
  ]);
  return {
    event: toCancellationResource(event),
    reasonLabel: reasonLabel(labels, event.reasonKey),
    cancelSessionId: event.cancelSessionId,
    deliveries,
  };
}
