// Retention analytics over prod events. Pages read "live": the stored rollups (lib/domain/
// analytics/rollups.ts) for the days they are current for, and the same rows computed from the
// events for the days changed since the last refresh — exact right after any write, and a read
// only (the rollups job refreshes them; nothing is written while a page renders). "rollup" (the
// stored rows alone) and "raw" (the events alone) are for the benchmark and tests: same answers.
import { db } from "@/lib/db";
import { VALIDATION_DAYS, VALIDATION_MS } from "@/lib/domain/cancellations/save-validity";
import { NO_OFFER_REASONS } from "@/lib/domain/reasons-offers/decide-offer";
import {
  changedDaysSql,
  type Dimension,
  MRR_BANDS,
  mrrBandSql,
  noOfferSql,
  rollupRowsSql,
  TENURE_BANDS,
  tenureBandSql,
} from "./rollups";

export type Source = "live" | "rollup" | "raw";
export type Range = { from: Date; to: Date; plan?: string | null };

/** Column expressions of a source; a rollup row belongs to one dimension, an event to all. */
type Columns = {
  from: string;
  where: (dimension: Dimension) => string;
  key: (dimension: Dimension) => string;
  day: string;
  events: string;
  mrr: string;
  outcome: string;
  plan: string;
  offerType: string;
  offerLabel: string;
  offerAccepted: string;
};

const ROLLUP_COLUMNS: Columns = {
  from: `"EventRollup"`,
  where: (dimension) =>
    `"workspaceId" = $1 and dimension = '${dimension}' and day >= $2::date and day < $3::date`,
  key: () => "key",
  day: "day",
  events: "sum(events)",
  mrr: "sum(mrr)",
  outcome: "outcome",
  plan: "plan",
  offerType: "key",
  offerLabel: `"offerLabel"`,
  offerAccepted: `"offerAccepted"`,
};

// Stored rows of the days not changed since the refresh, plus computed rows of those changed: one
// statement, so both halves see the same snapshot.
const LIVE_ROWS = `(
  with changed as (select ${changedDaysSql("$2::date", "$3::date")} as days)
  select day, plan, outcome, dimension, key, "offerLabel", "offerAccepted", events, mrr
    from "EventRollup", changed
    where "workspaceId" = $1 and day >= $2::date and day < $3::date and not (day = any(changed.days))
  union all
  select * from (${rollupRowsSql("(select days from changed)")}) computed
) live`;

const COLUMNS: Record<Source, Columns> = {
  live: {
    ...ROLLUP_COLUMNS,
    from: LIVE_ROWS,
    where: (dimension) => `dimension = '${dimension}' and day >= $2::date and day < $3::date`,
  },
  rollup: ROLLUP_COLUMNS,
  raw: {
    from: `"CancellationEvent"`,
    where: () =>
      `"workspaceId" = $1 and environment = 'prod' and "occurredAt" >= $2::date and "occurredAt" < $3::date`,
    key: (dimension) =>
      ({
        reasonKey: `"reasonKey"`,
        mrrBand: mrrBandSql,
        tenureBand: tenureBandSql,
        source: "source::text",
        noOffer: noOfferSql,
        offer: `"offerType"::text`,
      })[dimension],
    day: `date("occurredAt")`,
    events: "count(*)",
    mrr: "coalesce(sum(mrr), 0)",
    outcome: "coalesce(outcome::text, 'pending')",
    plan: "coalesce(plan, '')",
    offerType: `"offerType"::text`,
    offerLabel: `coalesce("offerLabel", '')`,
    offerAccepted: `"offerAccepted"`,
  },
};

// Totals, the trend and the plan list read one dimension in which every event counts exactly once.
const EVERY_EVENT: Dimension = "reasonKey";

type Row = Record<string, unknown>;

async function run(
  source: Source,
  ws: string,
  range: Range,
  build: (c: Columns, planFilter: string) => string,
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

/** Tallies per key of `dimension`; "outcome" tallies per outcome. */
async function groupedTallies(source: Source, ws: string, range: Range, dimension: Dimension | "outcome") {
  const rows = await run(source, ws, range, (c, plan) => {
    const dim = dimension === "outcome" ? EVERY_EVENT : dimension;
    const key = dimension === "outcome" ? c.outcome : c.key(dimension);
    return `select ${key} as key, ${c.outcome} as outcome, ${c.events} as events, ${c.mrr} as mrr
            from ${c.from} where ${c.where(dim)}${plan} group by 1, 2`;
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
    .sort((a, b) => b.events - a.events || a.key.localeCompare(b.key));
}

function health(byOutcome: Map<string, Tally>, byReason: Map<string, Tally>) {
  const total = emptyTally();
  for (const [outcome, t] of byOutcome)
    add(total, outcome, t.events, outcome === "recovered" ? t.mrrSaved : t.mrrLost);
  const reasons = withRates(byReason, total.events);
  return { health: { ...total, saveRate: saveRate(total), topReasons: reasons.slice(0, 5) }, reasons };
}

/** Retention health (every plan): counts by outcome, save rate, MRR saved/lost, top reasons. */
export async function retentionHealth(ws: string, range: Range, source: Source = "live") {
  const [byOutcome, byReason] = await Promise.all([
    groupedTallies(source, ws, range, "outcome"),
    groupedTallies(source, ws, range, "reasonKey"),
  ]);
  return health(byOutcome, byReason).health;
}

/**
 * The validated save rate at `now`: over the range's decided events old enough to tell (occurred 30
 * days or more before `now`), the saves that lasted — recovered, and not PATCHed to churned nor
 * followed by a churned event of the customer within 30 days (save-validity.ts, isValidatedSave) —
 * ÷ (recovered + churned). One range scan of the (workspace, environment, occurredAt) index: the
 * rollups cannot hold it (it changes with `now`, and breaking a save does not touch updatedAt).
 */
export async function validatedSaves(ws: string, range: Range, now: Date) {
  const matured = new Date(now.getTime() - VALIDATION_MS);
  const params: unknown[] = [ws, iso(range.from), iso(range.to), matured.toISOString()];
  let planFilter = "";
  if (range.plan) {
    params.push(range.plan);
    planFilter = ` and coalesce(plan, '') = $${params.length}`;
  }
  const [row] = await db.$queryRawUnsafe<Row[]>(
    `select count(*) filter (where outcome = 'recovered') as recovered,
       count(*) filter (where outcome = 'churned') as churned,
       count(*) filter (where outcome = 'recovered' and ("saveBrokenAt" is null
         or "saveBrokenAt" > "occurredAt" + interval '${VALIDATION_DAYS} days')) as validated
     from "CancellationEvent"
     where "workspaceId" = $1 and environment = 'prod' and "occurredAt" >= $2::date and "occurredAt" < $3::date
       and "occurredAt" <= ($4::timestamptz at time zone 'UTC') and outcome in ('recovered', 'churned')${planFilter}`,
    ...params,
  );
  const recovered = num(row?.recovered);
  const churned = num(row?.churned);
  const validated = num(row?.validated);
  return {
    /** Decided events old enough to tell. */
    decided: recovered + churned,
    validated,
    rate: recovered + churned === 0 ? null : validated / (recovered + churned),
    /** Events on or before this moment are old enough. */
    maturedBefore: matured.toISOString(),
  };
}
export type ValidatedSaves = Awaited<ReturnType<typeof validatedSaves>>;

/** Save rate per week, oldest first, for the `weeks` weeks ending at `to`. */
export async function weeklyTrend(ws: string, to: Date, weeks = 12, source: Source = "live") {
  const from = new Date(to.getTime() - weeks * 7 * 86_400_000);
  const rows = await run(
    source,
    ws,
    { from, to },
    (c) => `
    select floor((${c.day} - $2::date) / 7)::int as week, ${c.outcome} as outcome, ${c.events} as events, ${c.mrr} as mrr
    from ${c.from} where ${c.where(EVERY_EVENT)} group by 1, 2`,
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

/**
 * Why hosted sessions ended without an offer: every reason (zeros too), its count, and its share of
 * the hosted events (the source breakdown's count, complete for every day).
 */
function whyNoOffer(byReason: Map<string, Tally>, hosted: number) {
  return {
    hosted,
    reasons: NO_OFFER_REASONS.map((key) => {
      const t = byReason.get(key) ?? emptyTally();
      return { key, ...t, share: hosted ? t.events / hosted : 0, saveRate: saveRate(t) };
    }),
  };
}
export type WhyNoOffer = ReturnType<typeof whyNoOffer>;

/** Advanced analytics: reasons, offers, revenue and lifecycle cohorts, source split. */
export async function advancedAnalytics(ws: string, range: Range, source: Source = "live") {
  const [byOutcome, byReason, mrr, tenure, sources, noOffer, offerRows, plans] = await Promise.all([
    groupedTallies(source, ws, range, "outcome"),
    groupedTallies(source, ws, range, "reasonKey"),
    groupedTallies(source, ws, range, "mrrBand"),
    groupedTallies(source, ws, range, "tenureBand"),
    groupedTallies(source, ws, range, "source"),
    groupedTallies(source, ws, range, "noOffer"),
    run(
      source,
      ws,
      range,
      (c, plan) => `
      select ${c.offerType} as type, ${c.offerLabel} as label, ${c.offerAccepted} as accepted, ${c.outcome} as outcome,
             ${c.events} as events, ${c.mrr} as mrr
      from ${c.from} where ${c.where("offer")}${plan} and ${c.offerType} <> 'none' group by 1, 2, 3, 4`,
    ),
    run(
      source,
      ws,
      { ...range, plan: null },
      (c) => `select distinct ${c.plan} as plan from ${c.from} where ${c.where(EVERY_EVENT)} order by 1`,
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
  const { health: h, reasons } = health(byOutcome, byReason);
  return {
    health: h,
    reasons,
    offers: [...offers.values()]
      .map((o) => ({
        ...o,
        shown: o.events,
        acceptanceRate: o.events ? o.accepted / o.events : null,
        saveRate: saveRate(o),
      }))
      .sort((a, b) => b.events - a.events || a.type.localeCompare(b.type) || a.label.localeCompare(b.label)),
    mrrCohorts: withRates(mrr, h.events).sort(order(MRR_BANDS)),
    tenureCohorts: withRates(tenure, h.events).sort(order(TENURE_BANDS)),
    sources: withRates(sources, h.events),
    noOffer: whyNoOffer(noOffer, sources.get("hosted")?.events ?? 0),
    plans: plans.map((p) => String(p.plan)).filter(Boolean),
  };
}
