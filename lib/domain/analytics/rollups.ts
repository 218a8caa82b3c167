import { db, type Tx, utc } from "@/lib/db";

// A late-committing transaction can carry an updatedAt a little older than the last refresh:
// re-scan a margin. Rebuilding a day is idempotent, so the overlap costs nothing but time.
export const SAFETY_MARGIN_MS = 5 * 60_000;

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
/** The `noOffer` key of an event (days rolled up before it existed hold no such reasons anyway). */
export const noOfferSql = `coalesce("noOfferReason", 'none')`;
export const tenureBandSql = `case when "tenureDays" is null then 'unknown' when "tenureDays" < 30 then '< 30 days'
  when "tenureDays" < 90 then '30–90 days' when "tenureDays" < 180 then '90–180 days'
  when "tenureDays" < 365 then '180–365 days' else '≥ 1 year' end`;

/**
 * The breakdowns stored in the rollups; every prod event counts once in each. `noOffer`: why the
 * hosted flow showed no offer (no_match, cooldown, ineligible, holdout), `none` for every other event.
 */
export const DIMENSIONS = ["reasonKey", "mrrBand", "tenureBand", "source", "noOffer", "offer"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Days rebuilt per transaction: a first build of a large workspace stays in short transactions. */
const DAYS_PER_TRANSACTION = 31;

/**
 * SQL for the rollup rows of workspace `$1` on the days of `days` (an SQL date[] expression), built
 * from the events: one scan of each day's events (a range on the occurredAt index, not date() of
 * every row), aggregated once per dimension by GROUPING SETS — the dimension a row belongs to is
 * the one its set grouped by; the others come out null. The refresh stores these rows; the live
 * reads (queries.ts) compute them for the days changed since the last refresh.
 */
export function rollupRowsSql(days: string): string {
  return `select day, plan, outcome,
       case when grouping("reasonKey") = 0 then 'reasonKey' when grouping("mrrBand") = 0 then 'mrrBand'
            when grouping("tenureBand") = 0 then 'tenureBand' when grouping(source) = 0 then 'source'
            when grouping("noOffer") = 0 then 'noOffer' else 'offer' end as dimension,
       coalesce("reasonKey", "mrrBand", "tenureBand", source, "noOffer", "offerType") as key,
       coalesce("offerLabel", '') as "offerLabel", coalesce("offerAccepted", false) as "offerAccepted",
       count(*)::int as events, coalesce(sum(mrr), 0) as mrr
     from (
       select d.day, coalesce(e.plan, '') as plan, coalesce(e.outcome::text, 'pending') as outcome, e.mrr,
         e."reasonKey", ${mrrBandSql} as "mrrBand", ${tenureBandSql} as "tenureBand", e.source::text as source,
         ${noOfferSql} as "noOffer", e."offerType"::text as "offerType", coalesce(e."offerLabel", '') as "offerLabel", e."offerAccepted"
       from unnest(${days}) as d(day)
       join "CancellationEvent" e on e."workspaceId" = $1 and e.environment = 'prod'
         and e."occurredAt" >= d.day and e."occurredAt" < d.day + 1
     ) e
     group by day, plan, outcome,
       grouping sets (("reasonKey"), ("mrrBand"), ("tenureBand"), (source), ("noOffer"),
         ("offerType", "offerLabel", "offerAccepted"))`;
}

/**
 * SQL: the prod days of workspace `$1` in [`from`, `to`) whose events changed since its rollups
 * were last refreshed (every day, before the first refresh), as a date[]. Every write of an event
 * sets its updatedAt: that is what marks its day dirty until the rollups job folds it in.
 */
export function changedDaysSql(from: string, to: string): string {
  return `(select coalesce(array_agg(distinct date(e."occurredAt")), '{}'::date[]) from "CancellationEvent" e
     where e."workspaceId" = $1 and e.environment = 'prod' and e."occurredAt" >= ${from} and e."occurredAt" < ${to}
       and e."updatedAt" >= coalesce((select s."refreshedUntil" from "RollupState" s where s."workspaceId" = $1)
         - interval '${SAFETY_MARGIN_MS / 1000} seconds', '-infinity'))`;
}

async function rebuildDays(tx: Tx, workspaceId: string, list: string[]) {
  await tx.$executeRaw`delete from "EventRollup" where "workspaceId" = ${workspaceId} and day = any(${list}::date[])`;
  await tx.$executeRawUnsafe(
    `insert into "EventRollup" ("workspaceId", day, plan, outcome, dimension, key, "offerLabel", "offerAccepted", events, mrr)
     select $1, r.* from (${rollupRowsSql("$2::date[]")}) r`,
    workspaceId,
    list,
  );
}

/**
 * Brings a workspace's rollups up to date: every prod day that has an event changed since the last
 * refresh is rebuilt from the events (delete + insert), a month of days per transaction. Concurrent
 * refreshes of one workspace don't wait for each other: the one holding the lock does the work, and
 * one that loses the lock between two transactions leaves the rest to the holder.
 */
export async function refreshRollups(workspaceId: string): Promise<{ days: number; skipped: boolean }> {
  let pending: string[] | null = null;
  let startedAt = new Date();
  let rebuilt = 0;
  for (;;) {
    const step = await db.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<
          { ok: boolean }[]
        >`select pg_try_advisory_xact_lock(hashtext(${`rollup:${workspaceId}`})) as ok`;
        if (!lock?.ok) return "locked";
        // The row estimates of a day list are poor: without this, Postgres may spend seconds
        // JIT-compiling a plan it thinks is huge, and sort on disk.
        await tx.$executeRawUnsafe("set local jit = off");
        await tx.$executeRawUnsafe("set local work_mem = '64MB'");
        if (pending === null) {
          const state = await tx.rollupState.findUnique({ where: { workspaceId } });
          startedAt = new Date();
          const since = state ? new Date(state.refreshedUntil.getTime() - SAFETY_MARGIN_MS) : new Date(0);
          const days = await tx.$queryRaw<{ day: Date }[]>`
            select distinct date("occurredAt") as day from "CancellationEvent"
            where "workspaceId" = ${workspaceId} and "updatedAt" >= ${utc(since)} order by 1`;
          pending = days.map((d) => d.day.toISOString().slice(0, 10));
        }
        const batch = pending.splice(0, DAYS_PER_TRANSACTION);
        if (batch.length) await rebuildDays(tx, workspaceId, batch);
        rebuilt += batch.length;
        if (pending.length) return "more";
        await tx.rollupState.upsert({
          where: { workspaceId },
          create: { workspaceId, refreshedUntil: startedAt },
          update: { refreshedUntil: startedAt },
        });
        return "done";
      },
      { timeout: 120_000 },
    );
    if (step === "locked") return { days: rebuilt, skipped: true };
    if (step === "done") return { days: rebuilt, skipped: false };
  }
}
