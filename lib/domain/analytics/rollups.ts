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

/** Band expressions, one place for SQL and labels (the raw queries use them too). */
export const mrrBandSql = `case when mrr is null then 'unknown' when mrr < 25 then '< 25' when mrr < 100 then '25–100'
  when mrr < 500 then '100–500' when mrr < 2000 then '500–2,000' else '≥ 2,000' end`;
export const tenureBandSql = `case when "tenureDays" is null then 'unknown' when "tenureDays" < 30 then '< 30 days'
  when "tenureDays" < 90 then '30–90 days' when "tenureDays" < 180 then '90–180 days'
  when "tenureDays" < 365 then '180–365 days' else '≥ 1 year' end`;

/** The breakdowns stored in the rollups; every prod event counts once in each. */
export const DIMENSIONS = ["reasonKey", "mrrBand", "tenureBand", "source", "offer"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

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
        // One scan of each day's events (a range on the occurredAt index, not date() of every row),
        // aggregated once per dimension by GROUPING SETS: the dimension a row belongs to is the one
        // its set grouped by; the others come out null.
        await tx.$executeRawUnsafe(
          `insert into "EventRollup" ("workspaceId", day, plan, outcome, dimension, key, "offerLabel", "offerAccepted", events, mrr)
           select $1, day, plan, outcome,
             case when grouping("reasonKey") = 0 then 'reasonKey' when grouping("mrrBand") = 0 then 'mrrBand'
                  when grouping("tenureBand") = 0 then 'tenureBand' when grouping(source) = 0 then 'source'
                  else 'offer' end,
             coalesce("reasonKey", "mrrBand", "tenureBand", source, "offerType"),
             coalesce("offerLabel", ''), coalesce("offerAccepted", false), count(*)::int, coalesce(sum(mrr), 0)
           from (
             select d.day, coalesce(e.plan, '') as plan, coalesce(e.outcome::text, 'pending') as outcome, e.mrr,
               e."reasonKey", ${mrrBandSql} as "mrrBand", ${tenureBandSql} as "tenureBand", e.source::text as source,
               e."offerType"::text as "offerType", coalesce(e."offerLabel", '') as "offerLabel", e."offerAccepted"
             from unnest($2::date[]) as d(day)
             join "CancellationEvent" e on e."workspaceId" = $1 and e.environment = 'prod'
               and e."occurredAt" >= d.day and e."occurredAt" < d.day + 1
           ) e
           group by day, plan, outcome,
             grouping sets (("reasonKey"), ("mrrBand"), ("tenureBand"), (source), ("offerType", "offerLabel", "offerAccepted"))`,
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
