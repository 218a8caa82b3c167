import { ApiError } from "@/lib/api/errors";
import { db, type Prisma } from "@/lib/db";
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

// Keyset cursor over (occurredAt desc, id desc): stable while new events arrive.
function encodeCursor(occurredAt: Date, id: string) {
  return Buffer.from(JSON.stringify([occurredAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const occurredAt = new Date(at);
    if (typeof id !== "string" || Number.isNaN(occurredAt.getTime())) throw new Error("bad cursor");
    return { occurredAt, id };
  } catch {
    throw new ApiError(
      "invalid_request",
      "Invalid query parameters: cursor: not a cursor returned by this API",
      {
        issues: [{ path: "cursor", message: "invalid cursor" }],
      },
    );
  }
}

export async function listCancellations(workspaceId: string, q: ListCancellationsQuery) {
  const where: Prisma.CancellationEventWhereInput = { workspaceId, environment: q.environment };
  if (q.outcome) where.outcome = q.outcome === "pending" ? null : q.outcome;
  if (q.reasonKey) where.reasonKey = q.reasonKey;
  if (q.userId) where.userId = q.userId;
  if (q.from || q.to) {
    where.occurredAt = {
      ...(q.from ? { gte: new Date(q.from) } : {}),
      ...(q.to ? { lt: new Date(q.to) } : {}),
    };
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.AND = [
      { OR: [{ occurredAt: { lt: c.occurredAt } }, { occurredAt: c.occurredAt, id: { lt: c.id } }] },
    ];
  }
  const rows = await db.cancellationEvent.findMany({
    where,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    include: withHistory,
  });
  const page = rows.slice(0, q.limit);
  const hasMore = rows.length > q.limit;
  const last = page[page.length - 1];
  return {
    data: page.map(toCancellationResource),
    hasMore,
    nextCursor: hasMore && last ? encodeCursor(last.occurredAt, last.id) : null,
  };
}
