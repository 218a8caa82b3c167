// `npm run bench -- analytics`: the dashboard's analytics queries on rollups vs raw events, with
// 10,000,000 events in one workspace (26 weeks, ~3 % sandbox) and 1,000,000 spread over 3 others
// (issue 16's scale; BENCH_EVENTS, BENCH_NOISE_EVENTS per other workspace). Times the full rollup
// build, an incremental refresh after one outcome change, and every query N times on the rollups
// (p50/p95) and BENCH_RAW_RUNS times on the raw events (1 above a million events: one raw pass
// takes seconds there), checks that both sources answer the same, and reports disk and memory.

import os from "node:os";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import {
  createMigratedDatabase,
  dropDatabase,
  startTestServer,
  uniqueName,
} from "../../tests/helpers/test-database";
import { postgresPssMb } from "./proc";
import { percentile } from "./stats";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const NOISE_EVENTS = Number(process.env.BENCH_NOISE_EVENTS ?? 333_334);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const RAW_RUNS = Number(process.env.BENCH_RAW_RUNS ?? (EVENTS > 1_000_000 ? 1 : RUNS));
const TARGET_P95_MS = 100;
const TARGET_REFRESH_MS = 200;

/**
 * Events spread over the 26 weeks before `now`, a little denser recently (growth), with weighted
 * reasons, offers shown to ~65 % and accepted by ~38 % of those, outcomes (abandoned only in the
 * hosted flow, pending only in the last days), plans with their MRR ranges, tenure, ~3 % sandbox.
 * Rows were last updated when they occurred, as live traffic would leave them.
 */
export function seedSql(workspaceId: string, prefix: string, n: number, now: Date) {
  return {
    text: `
    insert into "CancellationEvent" (id, "workspaceId", environment, "eventId", source, "userId", "reasonKey",
      "offerType", "offerAccepted", "offerLabel", outcome, plan, mrr, "tenureDays", "occurredAt", "createdAt", "updatedAt")
    select 'ce_' || $2 || g, $1,
      (case when s.env < 0.03 then 'sandbox' else 'prod' end)::"Environment",
      'evt_' || g,
      (case when s.src < 0.6 then 'hosted' else 'api' end)::"EventSource",
      'user_' || (g % 250000),
      case when s.rsn < 0.30 then 'too_expensive' when s.rsn < 0.48 then 'not_using'
           when s.rsn < 0.62 then 'missing_features' when s.rsn < 0.73 then 'switching_competitor'
           when s.rsn < 0.83 then 'technical_issues' when s.rsn < 0.93 then 'temporary' else 'other' end,
      (case when s.off < 0.45 then 'discount' when s.off < 0.65 then 'pause' else 'none' end)::"OfferType",
      s.off < 0.65 and s.acc < 0.38,
      case when s.off < 0.225 then '20% off for 3 months' when s.off < 0.45 then '30% off next month'
           when s.off < 0.55 then 'Pause 1 month' when s.off < 0.65 then 'Pause 3 months' end,
      (case
        when s.off < 0.65 and s.acc < 0.38 then 'recovered'
        when s.src < 0.6 and s.out < 0.12 then 'abandoned'
        when s.age < 0.004 and s.out < 0.5 then null
        when s.out < 0.25 then 'recovered'
        else 'churned' end)::"Outcome",
      case when s.pln < 0.5 then 'starter' when s.pln < 0.85 then 'pro' else 'business' end,
      case when s.mrr < 0.02 then null
           when s.pln < 0.5 then round((9 + s.mrr * 20)::numeric, 2)
           when s.pln < 0.85 then round((49 + s.mrr * 150)::numeric, 2)
           else round((299 + power(s.mrr, 3) * 2700)::numeric, 2) end,
      case when s.ten < 0.03 then null else floor(power(s.ten, 2) * 1500)::int end,
      s.at, s.at, s.at
    from (select g, random() env, random() src, random() rsn, random() off, random() acc, random() out,
                 random() pln, random() mrr, random() ten, age,
                 date_trunc('milliseconds', $3::timestamp - interval '182 days' * power(age, 1.3)) at
          from generate_series(1, $4::int) g, lateral (select random() + 0 * g as age) a) s`,
    values: [workspaceId, prefix, now.toISOString().replace("Z", ""), n],
  };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function timeRuns(fn: () => Promise<unknown>, runs: number, warm = true) {
  if (warm) await fn(); // warm-up: plans cached, pages in memory
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn)).ms);
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

export async function run() {
  const server = await startTestServer();
  const name = uniqueName("rb_bench_an");
  const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL ??= "warn";
  const { createWorkspace } = await import("../../lib/domain/workspaces/create-workspace");
  const { closeDb } = await import("../../lib/db");
  const { refreshRollups } = await import("../../lib/domain/analytics/rollups");
  const q = await import("../../lib/domain/analytics/queries");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const log = (m: string) => console.error(`▸ ${m}`);

  try {
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const main = (await createWorkspace({ name: "Bench analytics", plan: "advanced" })).workspace.id;
    const noise: string[] = [];
    for (let i = 0; i < 3; i++) noise.push((await createWorkspace({ name: `Noise ${i}` })).workspace.id);

    await client.query("select setseed(0.42)");
    const seeded = await time(async () => {
      await client.query(seedSql(main, "m", EVENTS, now));
      for (const [i, ws] of noise.entries()) await client.query(seedSql(ws, `n${i}_`, NOISE_EVENTS, now));
      await client.query(`analyze "CancellationEvent"`);
    });
    const total = EVENTS + noise.length * NOISE_EVENTS;
    log(`seeded ${total.toLocaleString("en-US")} events in ${(seeded.ms / 1000).toFixed(1)} s`);

    const full = await time(() => refreshRollups(main));
    for (const ws of noise) await refreshRollups(ws);
    await client.query(`analyze "EventRollup"`);
    const rollupRows = Number(
      (await client.query(`select count(*) from "EventRollup" where "workspaceId" = $1`, [main])).rows[0]
        .count,
    );
    log(
      `full rollup build: ${full.value.days} days, ${rollupRows.toLocaleString("en-US")} rows, ${(full.ms / 1000).toFixed(2)} s`,
    );

    // Incremental: one outcome changes (as a PATCH would), then the refresh rebuilds that one day.
    const noChange = await time(() => refreshRollups(main));
    const changed = await client.query(
      `update "CancellationEvent" set outcome = 'recovered', "updatedAt" = now() at time zone 'UTC'
       where id = (select id from "CancellationEvent" where "workspaceId" = $1 and environment = 'prod'
                   and outcome is null order by "occurredAt" desc limit 1) returning id`,
      [main],
    );
    const incremental = await time(() => refreshRollups(main));
    log(
      `refresh with nothing changed: ${noChange.ms.toFixed(0)} ms; after ${changed.rowCount} outcome change: ${incremental.value.days} day(s) in ${incremental.ms.toFixed(0)} ms`,
    );

    const DAY = 86_400_000;
    const to = new Date(Math.floor(now.getTime() / DAY) * DAY + DAY); // through today
    const twelve = { from: new Date(to.getTime() - 84 * DAY), to };
    const fourPro = { from: new Date(to.getTime() - 28 * DAY), to, plan: "pro" };
    const scenarios: [string, (s: "rollup" | "raw") => Promise<unknown>][] = [
      ["retentionHealth, 12 weeks", (s) => q.retentionHealth(main, twelve, s)],
      ["weeklyTrend, 12 weeks", (s) => q.weeklyTrend(main, to, 12, s)],
      ["advancedAnalytics, 12 weeks", (s) => q.advancedAnalytics(main, twelve, s)],
      ["retentionHealth, 4 weeks, plan pro", (s) => q.retentionHealth(main, fourPro, s)],
      ["weeklyTrend, 4 weeks", (s) => q.weeklyTrend(main, to, 4, s)],
      ["advancedAnalytics, 4 weeks, plan pro", (s) => q.advancedAnalytics(main, fourPro, s)],
    ];

    const rows: string[] = [];
    let peakPgRss = postgresPssMb();
    let allEqual = true;
    let worstRollupP95 = 0;
    for (const [label, fn] of scenarios) {
      const equal = isDeepStrictEqual(await fn("rollup"), await fn("raw"));
      allEqual &&= equal;
      const rollup = await timeRuns(() => fn("rollup"), RUNS);
      // The equality check above already read the raw events once (the warm-up).
      const raw = await timeRuns(() => fn("raw"), RAW_RUNS, false);
      peakPgRss = Math.max(peakPgRss, postgresPssMb());
      worstRollupP95 = Math.max(worstRollupP95, rollup.p95);
      log(`${label}: rollup p95 ${rollup.p95.toFixed(1)} ms, raw p95 ${raw.p95.toFixed(1)} ms`);
      rows.push(
        `| ${label} | ${rollup.p50.toFixed(1)} / ${rollup.p95.toFixed(1)} ms | ${raw.p50.toFixed(0)} / ${raw.p95.toFixed(0)} ms | ${(raw.p50 / rollup.p50).toFixed(0)}× | ${equal ? "yes" : "**NO**"} |`,
      );
    }

    const size = async (sql: string) => Number((await client.query(sql)).rows[0].bytes);
    const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GB`;
    const eventsBytes = await size(`select pg_total_relation_size('"CancellationEvent"') as bytes`);
    const eventsIndexBytes = await size(`select pg_indexes_size('"CancellationEvent"') as bytes`);
    const rollupBytes = await size(`select pg_total_relation_size('"EventRollup"') as bytes`);
    const dbBytes = await size(`select pg_database_size(current_database()) as bytes`);
    const setting = async (name: string) =>
      (await client.query(`select current_setting($1) as v`, [name])).rows[0].v as string;
    const pgVersion = (await client.query("select version() as v")).rows[0].v
      .split(" ")
      .slice(0, 2)
      .join(" ");
    const lines = [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${pgVersion}`,
      `data: ${EVENTS.toLocaleString("en-US")} events in the measured workspace (26 weeks, ~3 % sandbox) + ${noise.length} × ${NOISE_EVENTS.toLocaleString("en-US")} in others; ${rollupRows.toLocaleString("en-US")} rollup rows`,
      `seeding (INSERT … SELECT generate_series, with indexes): ${(seeded.ms / 1000).toFixed(1)} s`,
      `full rollup build (${full.value.days} days): ${(full.ms / 1000).toFixed(2)} s; refresh with nothing changed: ${noChange.ms.toFixed(0)} ms; after one outcome change (${incremental.value.days} day): ${incremental.ms.toFixed(0)} ms`,
      "",
      `disk: events ${gb(eventsBytes)} (of which indexes ${gb(eventsIndexBytes)}), rollups ${gb(rollupBytes)}, whole database ${gb(dbBytes)}`,
      `memory: Postgres shared_buffers ${await setting("shared_buffers")}, work_mem ${await setting("work_mem")}; all Postgres processes ${peakPgRss.toFixed(0)} MB (PSS) at most during the queries; this bench process ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
      "",
      `| query (rollups: ${RUNS} runs after a warm-up; raw: ${RAW_RUNS}) | rollup p50 / p95 | raw p50 / p95 | raw / rollup (p50) | same result |`,
      "|---|---|---|---|---|",
      ...rows,
      "",
      `targets: p95 < ${TARGET_P95_MS} ms on rollups: ${worstRollupP95 < TARGET_P95_MS ? "met" : "NOT met"} (worst ${worstRollupP95.toFixed(1)} ms); refresh after one outcome change < ${TARGET_REFRESH_MS} ms: ${incremental.ms < TARGET_REFRESH_MS ? "met" : "NOT met"} (${incremental.ms.toFixed(0)} ms); both sources equal: ${allEqual ? "yes" : "NO"}`,
    ];
    console.log(lines.join("\n"));
    if (!allEqual) throw new Error("the rollups and the raw events answered differently");
  } finally {
    await client.end();
    await closeDb();
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}
