// `npm run bench -- experiments`: an experiment's results (lib/domain/experiments/results.ts) with
// 100,000 production sessions across 3 variants (discount, pause, holdout) and their events, plus
// sandbox sessions of the same experiment (never counted), another experiment's 100,000 sessions
// and 100,000 events outside experiments. Times experimentResults 50× (p50/p95/max) and shows the
// two grouped queries' plans (index-only scans on the migration's partial covering indexes).

import os from "node:os";
import pg from "pg";
import {
  createMigratedDatabase,
  dropDatabase,
  startTestServer,
  uniqueName,
} from "../../tests/helpers/test-database";
import { percentile } from "./stats";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100_000);
const SANDBOX_SESSIONS = Number(process.env.BENCH_SANDBOX_SESSIONS ?? 5_000);
const NOISE = Number(process.env.BENCH_NOISE ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TARGET_P95_MS = 200;

/** Sessions of one experiment over the 90 days before `now`: 40/30/30, 95 % of offers shown. */
function sessionsSql(
  workspaceId: string,
  experimentId: string,
  prefix: string,
  env: string,
  n: number,
  now: Date,
) {
  return {
    text: `
    insert into "CancelSession" (id, "workspaceId", environment, "tokenHash", "userId", "returnUrl", status,
      "expiresAt", "createdAt", "updatedAt", "experimentId", variant, "offerShownAt")
    select 'cs_' || $2 || g, $1, $3::"Environment", md5($2 || g), 'user_' || $2 || g, 'https://merchant.example/account',
      'completed', s.at + interval '1 hour', s.at, s.at, $4,
      case when s.v < 0.4 then 'discount' when s.v < 0.7 then 'pause' else 'holdout' end,
      case when s.v < 0.7 and s.shown < 0.95 then s.at + interval '1 minute' end
    from (select g, random() v, random() shown,
                 date_trunc('milliseconds', $5::timestamp - interval '90 days' * random()) at
          from generate_series(1, $6::int) g) s`,
    values: [workspaceId, prefix, env, experimentId, now.toISOString().replace("Z", ""), n],
  };
}

/**
 * The events of 92 % of those sessions (the rest still open): an offer shown is accepted 35 % of
 * the time (recovered); otherwise 11 % leave the flow (abandoned), the rest cancel; 8 % of saves
 * are broken later (a PATCH or a later churn), some within 30 days.
 */
function eventsSql(experimentId: string) {
  return {
    text: `
    insert into "CancellationEvent" (id, "workspaceId", environment, "eventId", source, "cancelSessionId", "userId",
      "reasonKey", "offerType", "offerAccepted", "experimentId", variant, outcome, mrr, "occurredAt", "saveBrokenAt",
      "createdAt", "updatedAt")
    select 'ce_' || substr(c.id, 4), c."workspaceId", c.environment, c.id, 'hosted', c.id, c."userId",
      'too_expensive', (case when c."offerShownAt" is null then 'none' when c.variant = 'pause' then 'pause' else 'discount' end)::"OfferType",
      e.accepted, c."experimentId", c.variant,
      (case when e.accepted then 'recovered' when e.o < 0.11 then 'abandoned' else 'churned' end)::"Outcome",
      round((9 + e.m * 200)::numeric, 2), c."createdAt" + interval '5 minutes',
      case when (e.accepted or e.o < 0.11) and e.b < 0.08 then c."createdAt" + interval '60 days' * e.b * 12 end,
      c."createdAt", c."createdAt"
    from "CancelSession" c,
      lateral (select c."offerShownAt" is not null and random() < 0.35 accepted, random() o, random() m, random() b,
                      random() open) e
    where c."experimentId" = $1 and e.open < 0.92`,
    values: [experimentId],
  };
}

/** Events outside any experiment (API traffic), in the same workspace. */
function noiseEventsSql(workspaceId: string, n: number, now: Date) {
  return {
    text: `
    insert into "CancellationEvent" (id, "workspaceId", environment, "eventId", source, "userId", "reasonKey",
      outcome, mrr, "occurredAt", "createdAt", "updatedAt")
    select 'ce_noise' || g, $1, 'prod', 'evt_' || g, 'api', 'api_user_' || g, 'not_using',
      (case when random() < 0.3 then 'recovered' else 'churned' end)::"Outcome", 49,
      s.at, s.at, s.at
    from (select g, date_trunc('milliseconds', $2::timestamp - interval '90 days' * random()) at
          from generate_series(1, $3::int) g) s`,
    values: [workspaceId, now.toISOString().replace("Z", ""), n],
  };
}

export async function run() {
  const server = await startTestServer();
  const name = uniqueName("rb_bench_exp");
  const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL ??= "warn";
  const { createWorkspace } = await import("../../lib/domain/workspaces/create-workspace");
  const { closeDb } = await import("../../lib/db");
  const { createOffer } = await import("../../lib/domain/reasons-offers/offers");
  const x = await import("../../lib/domain/experiments/experiments");
  const { sessionCountsSql, eventCountsSql } = await import("../../lib/domain/experiments/results");
  const { VALIDATION_MS } = await import("../../lib/domain/cancellations/save-validity");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const log = (m: string) => console.error(`▸ ${m}`);

  try {
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const experimentIn = async (label: string) => {
      const ws = (await createWorkspace({ name: label, plan: "advanced" })).workspace.id;
      const discount = await createOffer(ws, {
        type: "discount",
        label: "20% off for 3 months",
        terms: { percentOff: 20, durationMonths: 3 },
      });
      const pause = await createOffer(ws, { type: "pause", label: "Pause", terms: { maxMonths: 3 } });
      const e = await x.createExperiment(ws, {
        name: label,
        variants: [
          { key: "discount", offerId: discount.id, weight: 40 },
          { key: "pause", offerId: pause.id, weight: 30 },
          { key: "holdout", offerId: null, weight: 30 },
        ],
      });
      await x.startExperiment(ws, e.id, { now: new Date(now.getTime() - 91 * 86_400_000) });
      return { ws, id: e.id };
    };
    const main = await experimentIn("Bench experiment");
    const other = await experimentIn("Other experiment");

    await client.query("select setseed(0.42)");
    const t0 = performance.now();
    await client.query(sessionsSql(main.ws, main.id, "m", "prod", SESSIONS, now));
    await client.query(sessionsSql(main.ws, main.id, "s", "sandbox", SANDBOX_SESSIONS, now));
    await client.query(sessionsSql(other.ws, other.id, "o", "prod", NOISE, now));
    await client.query(eventsSql(main.id));
    await client.query(eventsSql(other.id));
    await client.query(noiseEventsSql(main.ws, NOISE, now));
    const seededMs = performance.now() - t0;
    // What autovacuum does on a live database: statistics, and the visibility map the index-only scans read.
    await client.query(`vacuum analyze "CancelSession"`);
    await client.query(`vacuum analyze "CancellationEvent"`);
    const counts = (
      await client.query(
        `select (select count(*) from "CancelSession")::int sessions, (select count(*) from "CancellationEvent")::int events`,
      )
    ).rows[0];
    log(
      `seeded ${counts.sessions.toLocaleString("en-US")} sessions and ${counts.events.toLocaleString("en-US")} events in ${(seededMs / 1000).toFixed(1)} s`,
    );

    const results = () => x.experimentResults(main.ws, main.id, { now });
    const first = await results(); // warm-up: plans cached, pages in memory
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await results();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const p50 = percentile(ms, 50);
    const p95 = percentile(ms, 95);
    const max = ms.at(-1) ?? 0;

    const validatedBefore = new Date(now.getTime() - VALIDATION_MS);
    const plans: string[] = [];
    for (const [label, sql] of [
      ["sessions", sessionCountsSql(main.id, validatedBefore)],
      ["events", eventCountsSql(main.id, validatedBefore)],
    ] as const) {
      const plan = await client.query(
        `explain (analyze, buffers, costs off) ${sql.text}`,
        sql.values as unknown[],
      );
      plans.push(`${label}:`, ...plan.rows.map((r) => `  ${r["QUERY PLAN"]}`));
    }
    const indexOnly = plans.filter((l) => l.includes("Index Only Scan")).length;

    const pgVersion = (await client.query("select version() as v")).rows[0].v
      .split(" ")
      .slice(0, 2)
      .join(" ");
    const summary = first.variants
      .map(
        (v) =>
          `${v.key}: ${v.sessions} sessions, ${v.saves} saves (${((v.saveRate ?? 0) * 100).toFixed(1)} %), validated ${v.validated.saves}/${v.validated.sessions}`,
      )
      .join("; ");
    const lines = [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${pgVersion}`,
      `data: ${SESSIONS.toLocaleString("en-US")} prod + ${SANDBOX_SESSIONS.toLocaleString("en-US")} sandbox sessions in the experiment, ${NOISE.toLocaleString("en-US")} in another experiment, ${NOISE.toLocaleString("en-US")} events outside experiments; ${counts.sessions.toLocaleString("en-US")} sessions and ${counts.events.toLocaleString("en-US")} events in all`,
      `results: ${summary}`,
      `experimentResults, ${RUNS} runs after a warm-up: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
      `target: p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? "met" : "NOT met"}; index-only scans: ${indexOnly} of 2 queries`,
      "",
      ...plans,
    ];
    console.log(lines.join("\n"));
  } finally {
    await client.end();
    await closeDb();
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}
