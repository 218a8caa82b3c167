// Saves that last. A save (the customer did not cancel: accepted an offer, or left the flow) is
// *validated* once 30 days pass without the event being PATCHed to churned and without a later
// churned event of the same customer. Each event keeps the earliest such moment in `saveBrokenAt`,
// set by the writes that break it, so results read one indexed column instead of searching history.
import { Prisma, utc } from "@/lib/db";

export const VALIDATION_DAYS = 30;
export const VALIDATION_MS = VALIDATION_DAYS * 24 * 60 * 60 * 1000;

/**
 * SQL: the customer's event `churned` (occurred at `occurredAt`) churned at `at`: it breaks the
 * saves of their events before it (same workspace and environment) at `at`, unless broken earlier.
 * Events without a userId are nobody's. Not an update of updatedAt: rollups don't read this column.
 */
export function breakEarlierSavesSql(c: {
  workspaceId: string;
  environment: "prod" | "sandbox";
  userId: string | null;
  occurredAt: Date;
  at: Date;
  churnedId: string;
}): Prisma.Sql {
  return Prisma.sql`
    update "CancellationEvent" set "saveBrokenAt" = ${utc(c.at)}
    where "workspaceId" = ${c.workspaceId} and environment = ${c.environment}::"Environment"
      and "userId" = ${c.userId} and "occurredAt" < ${utc(c.occurredAt)} and id <> ${c.churnedId}
      and ("saveBrokenAt" is null or "saveBrokenAt" > ${utc(c.at)})`;
}

/**
 * SQL: a new event `id` of the customer, recorded after a churned event of theirs that occurred
 * later (a backfill through the API): its save is broken from the first such churn on.
 */
export function brokenByLaterChurnSql(e: {
  id: string;
  workspaceId: string;
  environment: "prod" | "sandbox";
  userId: string | null;
  occurredAt: Date;
}): Prisma.Sql {
  return Prisma.sql`
    update "CancellationEvent" set "saveBrokenAt" = later.at
    from (select min(coalesce(c."outcomeEffectiveAt", c."occurredAt")) as at from "CancellationEvent" c
          where c."workspaceId" = ${e.workspaceId} and c.environment = ${e.environment}::"Environment"
            and c."userId" = ${e.userId} and c.outcome = 'churned' and c."occurredAt" > ${utc(e.occurredAt)}
            and c.id <> ${e.id}) later
    where id = ${e.id} and later.at is not null`;
}

/** SQL: the event itself was PATCHed to churned at `at`. */
export function breakOwnSaveSql(eventId: string, at: Date): Prisma.Sql {
  return Prisma.sql`
    update "CancellationEvent" set "saveBrokenAt" = ${utc(at)}
    where id = ${eventId} and ("saveBrokenAt" is null or "saveBrokenAt" > ${utc(at)})`;
}

/** Whether a save counts as validated at `now` (pure; the SQL in the results says the same). */
export function isValidatedSave(
  e: { occurredAt: Date; saveBrokenAt: Date | null; saved: boolean },
  now: Date,
): boolean {
  const due = e.occurredAt.getTime() + VALIDATION_MS;
  if (!e.saved || now.getTime() < due) return false;
  return e.saveBrokenAt === null || e.saveBrokenAt.getTime() > due;
}
