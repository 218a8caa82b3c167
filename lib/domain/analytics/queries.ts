// Retention analytics over prod events. Each query runs on the rollups (lib/domain/analytics/
// rollups.ts) or, for the benchmark and tests, on the raw events: same SQL shape, same answers.
import { db } from "@/lib/db";
import { MRR_BANDS, TENURE_BANDS } from "./rollups";

export type Source = "rollup" | "raw";
export type Range = { from: Date; to: Date; plan?: string | null };

const RAW_MRR_BAND = `case when mrr is null then 'unknown' when mrr < 25 then '< 25' when mrr < 100 then '25–100'
  when mrr < 500 then '100–500' when mrr < 2000 then '500–2,000' else '≥ 2,000' end`;
const RAW_TENURE_BAND = `case when "tenureDays" is null then 'unknown' when "tenureDays" < 30 then '< 30 days'
  when "tenureDays" < 90 then '30–90 days' when "tenureDays" < 180 then '90–180 days'
  when "tenureDays" < 365 then '180–365 days' else '≥ 1 year' end`;

/** Column expressions of each source, so one query text serves both. */
const COLUMNS: Record<Source, Record<string, string>> = {
  rollup: {
    from: `"EventRollup"`,
    where: `"workspaceId" = $1 and day >= $2::date and day < $3::date`,
    day: "day",
    events: "sum(events)",
    mrr: "sum(mrr)",
    outcome: "outcome",
    plan: "plan",
    offerLabel: `"offerLabel"`,
    mrrBand: `"mrrBand"`,
    tenureBand: `"tenureBand"`,
  },
  raw: {
    from: `"CancellationEvent"`,
    where: `"workspaceId" = $1 and environment = 'prod' and "occurredAt" >= $2::date and "occurredAt" < $3::date`,
    day: `date("occurredAt")`,
    events: "count(*)",
    mrr: "coalesce(sum(mrr), 0)",
    outcome: "coalesce(outcome::text, 'pending')",
    plan: "coalesce(plan, '')",
    offerLabel: `coalesce("offerLabel", '')`,
    mrrBand: RAW_MRR_BAND,
    tenureBand: RAW_TENURE_BAND,
  },
};

type Row = Record<string, unknown>;

async function run(
  source: Source,
  ws: string,
  range: Range,
  build: (c: Record<string, string>, planFilter: string) => string,
) {
  const c = COLUMNS[source];
  const params: unknown[] = [ws, iso(range.from), iso(range.to)];
  let planFilter = "";
  if (range.plan) {
    params.push(range.plan);
    planFilter = ` and ${c.plan} = $${params.length}`;
  }
  return db.$queryRawUnsafe<Row[]>(build(c, planFilter), ...params);
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Outcome tallies → the numbers every breakdown shows. */
type Tally = {
  events: number;
  recovered: number;
  churned: number;
  abandoned: number;
  pending: number;
  mrrSaved: number;
  mrrLost: number;
};
const emptyTally = (): Tally => ({
  events: 0,
  recovered: 0,
  churned: 0,
  abandoned: 0,
  pending: 0,
  mrrSaved: 0,
  mrrLost: 0,
});

function add(t: Tally, outcome: string, events: number, mrr: number) {
  t.events += events;
  if (outcome === "recovered") {
    t.recovered += events;
    t.mrrSaved += mrr;
  } else if (outcome === "churned") {
    t.churned += events;
    t.mrrLost += mrr;
  } else if (outcome === "abandoned") t.abandoned += events;
  else t.pending += events;
}

/** recovered / (recovered + churned); null when nothing was decided yet. */
export const saveRate = (t: { recovered: number; churned: number }) =>
  t.recovered + t.churned === 0 ? null : t.recovered / (t.recovered + t.churned);

async function groupedTallies(
  source: Source,
  ws: string,
  range: Range,
  dimension: keyof (typeof COLUMNS)["rollup"] | "reasonKey" | "source" | "offerType",
) {
  const rows = await run(source, ws, range, (c, plan) => {
    const dim = c[dimension] ?? `"${dimension}"`;
    return `select ${dim} as key, ${c.outcome} as outcome, ${c.events} as events, ${c.mrr} as mrr
            from ${c.from} where ${c.where}${plan} group by 1, 2`;
  });
  const byKey = new Map<string, Tally>();
  for (const r of rows) {
    const key = String(r.key);
    const t = byKey.get(key) ?? emptyTally();
    add(t, String(r.outcome), num(r.events), num(r.mrr));
    byKey.set(key, t);
  }
  return byKey;
}

function withRates(map: Map<string, Tally>, total: number) {
  return [...map.entries()]
    .map(([key, t]) => ({ key, ...t, share: total ? t.events / total : 0, saveRate: saveRate(t) }))
    .sort((a, b) => b.events - a.events);
}

/** Retention health (every plan): counts by outcome, save rate, MRR saved/lost, top reasons. */
export async function retentionHealth(ws: string, range: Range, source: Source = "rollup") {
  const byOutcome = await groupedTallies(source, ws, range, "outcome");
  const total = emptyTally();
  for (const [outcome, t] of byOutcome)
    add(total, outcome, t.events, outcome === "recovered" ? t.mrrSaved : t.mrrLost);
  const reasons = withRates(await groupedTallies(source, ws, range, "reasonKey"), total.events);
  return { ...total, saveRate: saveRate(total), topReasons: reasons.slice(0, 5) };
}

/** Save rate per week, oldest first, for the `weeks` weeks ending at `to`. */
export async function weeklyTrend(ws: string, to: Date, weeks = 12, source: Source = "rollup") {
  const from = new Date(to.getTime() - weeks * 7 * 86_400_000);
  const rows = await run(
    source,
    ws,
    { from, to },
    (c) => `
    select floor((${c.day} - $2::date) / 7)::int as week, ${c.outcome} as outcome, ${c.events} as events, ${c.mrr} as mrr
    from ${c.from} where ${c.where} group by 1, 2`,
  );
  const buckets = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(from.getTime() + i * 7 * 86_400_000).toISOString().slice(0, 10),
    ...emptyTally(),
  }));
  for (const r of rows) {
    const b = buckets[num(r.week)];
    if (b) add(b, String(r.outcome), num(r.events), num(r.mrr));
  }
  return buckets.map((b) => ({ ...b, saveRate: saveRate(b) }));
}

/** Advanced analytics: reasons, offers, revenue and lifecycle cohorts, source split. */
export async function advancedAnalytics(ws: string, range: Range, source: Source = "rollup") {
  const health = await retentionHealth(ws, range, source);
  const [reasons, mrr, tenure, sources, offerRows, plans] = await Promise.all([
    groupedTallies(source, ws, range, "reasonKey"),
    groupedTallies(source, ws, range, "mrrBand"),
    groupedTallies(source, ws, range, "tenureBand"),
    groupedTallies(source, ws, range, "source"),
    run(
      source,
      ws,
      range,
      (c, plan) => `
      select "offerType" as type, ${c.offerLabel} as label, "offerAccepted" as accepted, ${c.outcome} as outcome,
             ${c.events} as events, ${c.mrr} as mrr
      from ${c.from} where ${c.where}${plan} and "offerType" <> 'none' group by 1, 2, 3, 4`,
    ),
    run(
      source,
      ws,
      { ...range, plan: null },
      (c) => `select distinct ${c.plan} as plan from ${c.from} where ${c.where} order by 1`,
    ),
  ]);
  const offers = new Map<string, Tally & { type: string; label: string; accepted: number }>();
  for (const r of offerRows) {
    const k = `${r.type}\u0000${r.label}`;
    const o = offers.get(k) ?? { ...emptyTally(), type: String(r.type), label: String(r.label), accepted: 0 };
    add(o, String(r.outcome), num(r.events), num(r.mrr));
    if (r.accepted) o.accepted += num(r.events);
    offers.set(k, o);
  }
  const order = (bands: readonly string[]) => (a: { key: string }, b: { key: string }) =>
    bands.indexOf(a.key) - bands.indexOf(b.key);
  return {
    health,
    reasons: withRates(reasons, health.events),
    offers: [...offers.values()]
      .map((o) => ({
        ...o,
        shown: o.events,
        acceptanceRate: o.events ? o.accepted / o.events : null,
        saveRate: saveRate(o),
      }))
      .sort((a, b) => b.events - a.events),
    mrrCohorts: withRates(mrr, health.events).sort(order(MRR_BANDS)),
    tenureCohorts: withRates(tenure, health.events).sort(order(TENURE_BANDS)),
    sources: withRates(sources, health.events),
    plans: plans.map((p) => String(p.plan)).filter(Boolean),
  };
}
