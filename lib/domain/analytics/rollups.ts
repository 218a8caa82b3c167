import { db, utc } from "@/lib/db";

// A late-committing transaction can carry an updatedAt a little older than the last refresh:
// re-scan a margin. Rebuilding a day is idempotent, so the overlap costs nothing but time.
const SAFETY_MARGIN_MS = 5 * 60_000;

export const MRR_BANDS = ["< 25", "25–100", "100–500", "500–2,000", "≥ 2,000", "unknown"] as const;
export const TENURE_BANDS = [
  "< 30 days",
  "30–90 days",
  "90–180 days",
  "180–365 days",
  "≥ 1 year",
  "unknown",
] as const;

/** Band expressions, one place for SQL and labels. */
const mrrBandSql = `case when mrr is null then 'unknown' when mrr < 25 then '< 25' when mrr < 100 then '25–100'
  when mrr < 500 then '100–500' when mrr < 2000 then '500–2,000' else '≥ 2,000' end`;
const tenureBandSql = `case when "tenureDays" is null then 'unknown' when "tenureDays" < 30 then '< 30 days'
  when "tenureDays" < 90 then '30–90 days' when "tenureDays" < 180 then '90–180 days'
  when "tenureDays" < 365 then '180–365 days' else '≥ 1 year' end`;

/**
 * Brings a workspace's rollups up to date: every prod day that has an event changed since the last
 * refresh is rebuilt from the events (delete + insert, in one transaction). Concurrent refreshes of
 * one workspace don't wait for each other: the one holding the lock does the work.
 */
export async function refreshRollups(workspaceId: string): Promise<{ days: number; skipped: boolean }> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<
        { ok: boolean }[]
      >`select pg_try_advisory_xact_lock(hashtext(${`rollup:${workspaceId}`})) as ok`;
      if (!lock?.ok) return { days: 0, skipped: true };
      const state = await tx.rollupState.findUnique({ where: { workspaceId } });
      const startedAt = new Date();
      const since = state ? new Date(state.refreshedUntil.getTime() - SAFETY_MARGIN_MS) : new Date(0);
      const days = await tx.$queryRaw<{ day: Date }[]>`
        select distinct date("occurredAt") as day from "CancellationEvent"
        where "workspaceId" = ${workspaceId} and "updatedAt" >= ${utc(since)}`;
      if (days.length) {
        const list = days.map((d) => d.day.toISOString().slice(0, 10));
        await tx.$executeRaw`delete from "EventRollup" where "workspaceId" = ${workspaceId} and day = any(${list}::date[])`;
        await tx.$executeRawUnsafe(
          `insert into "EventRollup" ("workspaceId", day, "reasonKey", "offerType", "offerLabel", "offerAccepted", outcome,
             source, plan, "mrrBand", "tenureBand", events, mrr)
           select "workspaceId", date("occurredAt"), "reasonKey", "offerType", coalesce("offerLabel", ''), "offerAccepted",
             coalesce(outcome::text, 'pending'), source, coalesce(plan, ''), ${mrrBandSql}, ${tenureBandSql},
             count(*)::int, coalesce(sum(mrr), 0)
           from "CancellationEvent"
           where "workspaceId" = $1 and environment = 'prod' and date("occurredAt") = any($2::date[])
           group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`,
          workspaceId,
          list,
        );
      }
      await tx.rollupState.upsert({
        where: { workspaceId },
        create: { workspaceId, refreshedUntil: startedAt },
        update: { refreshedUntil: startedAt },
      });
      return { days: days.length, skipped: false };
    },
    { timeout: 120_000 },
  );
}
