import { db, type Prisma } from "@/lib/db";
import { decodeApiCursor, type KeysetPosition, keysetAfter, keysetPage } from "@/lib/domain/keyset-cursor";
import { toCancellationResource, withHistory } from "./resource";
import type { CancellationResource, ListCancellationsQuery } from "./schema";
import { eventNotFound } from "./update-outcome";

export async function getCancellation(
  workspaceId: string,
  environment: "prod" | "sandbox",
  eventId: string,
): Promise<CancellationResource> {
  const event = await db.cancellationEvent.findUnique({
    where: { workspaceId_environment_eventId: { workspaceId, environment, eventId } },
    include: withHistory,
  });
  if (!event) return eventNotFound(workspaceId, environment, eventId);
  return toCancellationResource(event);
}

/** What both event lists (the API's and the dashboard's) can filter on. */
export type CancellationFilters = {
  environment: "prod" | "sandbox";
  outcome?: "churned" | "recovered" | "abandoned" | "pending";
  reasonKey?: string;
  userId?: string;
  source?: "hosted" | "api";
  /** occurredAt ≥ from */
  from?: Date;
  /** occurredAt < to */
  to?: Date;
};

/**
 * The filters, plus the keyset condition after `after`. Every variant leads with
 * (workspaceId, environment, occurredAt), the index the list reads in order.
 */
export function cancellationsWhere(
  workspaceId: string,
  f: CancellationFilters,
  after?: KeysetPosition,
): Prisma.CancellationEventWhereInput {
  const where: Prisma.CancellationEventWhereInput = { workspaceId, environment: f.environment };
  if (f.outcome) where.outcome = f.outcome === "pending" ? null : f.outcome;
  if (f.reasonKey) where.reasonKey = f.reasonKey;
  if (f.userId) where.userId = f.userId;
  if (f.source) where.source = f.source;
  if (f.from || f.to) {
    where.occurredAt = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) };
  }
  if (after) {
    // Keyset cursor over (occurredAt desc, id desc): stable while new events arrive.
    where.AND = [keysetAfter("occurredAt", after)];
  }
  return where;
}

export const cancellationsOrder = [
  { occurredAt: "desc" },
  { id: "desc" },
] as const satisfies Prisma.CancellationEventOrderByWithRelationInput[];

export async function listCancellations(workspaceId: string, q: ListCancellationsQuery) {
  const filters: CancellationFilters = {
    environment: q.environment,
    outcome: q.outcome,
    reasonKey: q.reasonKey,
    userId: q.userId,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
  const rows = await db.cancellationEvent.findMany({
    where: cancellationsWhere(workspaceId, filters, q.cursor ? decodeApiCursor(q.cursor) : undefined),
    orderBy: [...cancellationsOrder],
    take: q.limit + 1,
    include: withHistory,
  });
  const { page, hasMore, nextCursor } = keysetPage(rows, q.limit, (e) => e.occurredAt);
  return { data: page.map(toCancellationResource), hasMore, nextCursor };
}
