// A stored event with its outcome history, read in one SQL expression (for the API's hot path, where a
// replay of POST /api/v1/cancellations answers with the stored event): the rows as JSON, turned back
// into the shape Prisma reads, so toCancellationResource stays the one mapping to the resource.
import { Prisma } from "@/lib/db";
import type { EventWithHistory } from "./resource";

/**
 * A scalar subquery: the event `(workspaceId, environment, eventId)` and its history as one json
 * value, or null. Its columns under their own names (row_to_json), `mrr` as text (exact).
 */
export function storedEventJsonSql(workspaceId: string, environment: string, eventId: string): Prisma.Sql {
  return Prisma.sql`(
    select json_build_object(
      'event', row_to_json(e),
      'mrr', e.mrr::text,
      'history', coalesce(
        (select json_agg(row_to_json(c) order by c."createdAt", c.id) from "OutcomeChange" c
          where c."workspaceId" = e."workspaceId" and c."cancellationEventId" = e.id),
        '[]'::json))
    from "CancellationEvent" e
    where e."workspaceId" = ${workspaceId} and e.environment = ${environment}::"Environment"
      and e."eventId" = ${eventId}
  )`;
}

type Json = Record<string, unknown>;
export type StoredEventJson = { event: Json; mrr: string | null; history: Json[] };

/** `timestamp` columns hold UTC; row_to_json writes them without a zone. */
const utcDate = (v: unknown): Date | null => (v == null ? null : new Date(`${String(v)}Z`));

/** The json of storedEventJsonSql → the row Prisma would have read (dates, Decimal). */
export function eventFromStoredJson(stored: StoredEventJson): EventWithHistory {
  const e = stored.event;
  return {
    ...(e as unknown as EventWithHistory),
    mrr: stored.mrr === null ? null : new Prisma.Decimal(stored.mrr),
    saveBrokenAt: utcDate(e.saveBrokenAt),
    occurredAt: utcDate(e.occurredAt)!,
    outcomeEffectiveAt: utcDate(e.outcomeEffectiveAt),
    createdAt: utcDate(e.createdAt)!,
    updatedAt: utcDate(e.updatedAt)!,
    outcomeChanges: stored.history.map((c) => ({
      ...(c as unknown as EventWithHistory["outcomeChanges"][number]),
      effectiveAt: utcDate(c.effectiveAt)!,
      createdAt: utcDate(c.createdAt)!,
    })),
  };
}
