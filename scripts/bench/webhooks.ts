// `npm run bench -- webhooks`: 10,000 queued deliveries drained to a local receiver (another
// process), interleaved ROUNDS times with the reference of issue 16 — a bare keep-alive
// `http.request` loop signing (both schemes, as the drainer does) and POSTing the same payloads to
// the same receiver at the same concurrency, no database — medians compared; once each, a plain
// fetch loop and an undici.request loop for scale. Also the lag of a first attempt made right after
// its event is enqueued, and fairness: how soon a healthy endpoint's deliveries go out while another
// workspace's endpoint accepts connections and never answers.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { createId } from "../../lib/ids";
import { deliveryHeaders } from "../../lib/webhooks/sign";
import { startBlackHole } from "../../tests/helpers/black-hole";
import {
  createMigratedDatabase,
  dropDatabase,
  startTestServer,
  uniqueName,
} from "../../tests/helpers/test-database";
import { postgresCpuMs } from "./proc";
import { median } from "./stats";

const root = path.resolve(import.meta.dirname, "../..");
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 0.7;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SINK_PORT = 3210;
const sink = `http://127.0.0.1:${SINK_PORT}`;

type Stats = { count: number; lags: number[]; firstAt: number; lastAt: number };

async function stats(): Promise<Stats> {
  return (await fetch(`${sink}/stats`)).json() as Promise<Stats>;
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function waitForSink() {
  for (let i = 0; i < 100; i++) {
    try {
      await stats();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("the sink did not start");
}

/**
 * The reference: node:http on a keep-alive agent, `concurrency` loops signing each body with the
 * drainer's own header function (fresh timestamp and attempt id each time) and POSTing it.
 */
async function httpRequestLoop(payloads: { id: string; body: string }[], concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const { hostname, port } = new URL(sink);
  const post = (p: { id: string; body: string }) =>
    new Promise<void>((resolve, reject) => {
      const headers = deliveryHeaders({
        eventType: "cancellation.created",
        eventId: p.id,
        attemptId: createId("dlv"),
        attempt: 1,
        timestamp: Math.floor(Date.now() / 1000),
        rawBody: p.body,
        secrets: { current: secret, previous: [] },
      });
      const req = http.request({ agent, hostname, port, path: "/hooks", method: "POST", headers }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end(p.body);
    });
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < payloads.length; i = next++) await post(payloads[i]!);
    }),
  );
  const ms = Date.now() - started;
  agent.destroy();
  return ms;
}

function samplePayload(i: number, createdAt: string, workspaceKey: string, round = 0) {
  const id = `evt_bench${round}_${String(i).padStart(8, "0")}`;
  return {
    id,
    body: JSON.stringify({
      id,
      type: "cancellation.created",
      createdAt,
      environment: "prod",
      workspaceKey,
      data: {
        cancellation: {
          id: `ce_bench${i}`,
          eventId: `bench_${i}`,
          environment: "prod",
          source: "api",
          userId: `user_${i}`,
          reasonKey: "too_expensive",
          reasonText: "Needs lower monthly price",
          outcome: null,
          offer: { type: "discount", accepted: false, label: "20% off next month" },
          context: { plan: "pro", mrr: 129, tenureDays: 42 },
          occurredAt: createdAt,
          outcomeEffectiveAt: null,
          metadata: { source: "billing_settings_page" },
          outcomeHistory: [],
          createdAt,
          updatedAt: createdAt,
        },
      },
    }),
  };
}

export async function run() {
  const server = await startTestServer();
  const name = uniqueName("rb_bench_wh");
  const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true"; // the sink is on loopback
  process.env.LOG_LEVEL ??= "error";
  const { db, hotQuery, Prisma, closeDb } = await import("../../lib/db");
  const { createWorkspace } = await import("../../lib/domain/workspaces/create-workspace");
  const { createWebhookEndpoint } = await import("../../lib/webhooks/endpoints");
  const { drainWebhookDeliveries, deliverWebhookEventsNow } = await import("../../lib/webhooks/drain");
  const { enqueueCancellationWebhook } = await import("../../lib/webhooks/enqueue");

  const receiver: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts/bench/webhook-sink.ts")],
    { cwd: root, env: { ...process.env, PORT: String(SINK_PORT) }, stdio: "ignore" },
  );
  try {
    await waitForSink();
    const { workspace } = await createWorkspace({ name: "Bench", plan: "advanced" });
    const endpoint = await createWebhookEndpoint(workspace.id, { url: `${sink}/hooks` });

    console.error(`▸ warming up, then draining ${DELIVERIES} deliveries at concurrency ${CONCURRENCY}`);
    // Warm-up: a few test deliveries so the JIT and connections are ready on both sides.
    const { sendTestWebhook } = await import("../../lib/webhooks/deliveries");
    for (let i = 0; i < 3; i++) {
      const t = await sendTestWebhook(workspace.id, endpoint.id);
      await deliverWebhookEventsNow([t.webhookEventId]);
    }
    await stats();

    // Enqueue: events and their deliveries, as the outbox writes them, in bulk.
    const enqueue = async (
      ws: { id: string },
      endpointId: string,
      items: { id: string; body: string }[],
      at: Date,
    ) => {
      for (let i = 0; i < items.length; i += 1000) {
        const chunk = items.slice(i, i + 1000);
        await hotQuery(Prisma.sql`
          with ev as (
            insert into "WebhookEvent" (id, "workspaceId", type, environment, payload, "createdAt")
            select id, ${ws.id}, 'cancellation.created', 'prod', payload, ${at.toISOString()}::timestamptz at time zone 'UTC'
            from unnest(${chunk.map((p) => p.id)}::text[], ${chunk.map((p) => p.body)}::text[]) as t(id, payload)
            returning id
          )
          insert into "WebhookDelivery" (id, "workspaceId", "webhookEventId", "endpointId", "nextAttemptAt", "createdAt", "updatedAt")
          select 'wd_' || replace(gen_random_uuid()::text, '-', ''), ${ws.id}, ev.id, ${endpointId},
            ${at.toISOString()}::timestamptz at time zone 'UTC', now() at time zone 'UTC', now() at time zone 'UTC'
          from ev`);
      }
    };
    // Interleaved: each round enqueues fresh events, drains them, then the reference posts the same
    // bodies. Every round's drainer figure is its own deliveries/s; medians are compared.
    const drains: { rate: number; ms: number; count: number; lags: number[]; summary: unknown }[] = [];
    const references: number[] = [];
    // CPU per delivery: this process (where the drainer and the reference run) and Postgres.
    const drainCpus: { self: number; pg: number }[] = [];
    const refCpus: number[] = [];
    const cpuOf = (since?: { self: number; pg: number }) => {
      const u = process.cpuUsage();
      const now = { self: (u.user + u.system) / 1000, pg: postgresCpuMs() };
      return since ? { self: now.self - since.self, pg: now.pg - since.pg } : now;
    };
    let payloads: { id: string; body: string }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const enqueuedAt = new Date();
      payloads = Array.from({ length: DELIVERIES }, (_, i) =>
        samplePayload(i, enqueuedAt.toISOString(), workspace.workspaceKey, round),
      );
      await enqueue(workspace, endpoint.id, payloads, enqueuedAt);
      await db.$executeRawUnsafe("vacuum analyze");
      console.error(`▸ round ${round}/${ROUNDS}: drainer, then the http.request reference`);
      const drainStart = Date.now();
      const cpu0 = cpuOf();
      const summary = await drainWebhookDeliveries({ concurrency: CONCURRENCY, budgetMs: 10 * 60_000 });
      const drainCpu = cpuOf(cpu0);
      const drainMs = Date.now() - drainStart;
      const drained = await stats();
      drains.push({
        rate: drained.count / (drainMs / 1000),
        ms: drainMs,
        count: drained.count,
        lags: drained.lags,
        summary,
      });
      drainCpus.push({ self: drainCpu.self / drained.count, pg: drainCpu.pg / drained.count });
      const ref0 = cpuOf();
      const refMs = await httpRequestLoop(payloads, CONCURRENCY);
      const refCpu = cpuOf(ref0);
      const ref = await stats();
      references.push(ref.count / (refMs / 1000));
      refCpus.push(refCpu.self / ref.count);
    }
    const succeeded = await db.webhookDelivery.count({
      where: { status: "succeeded", webhookEvent: { type: "cancellation.created" } },
    });
    const mid = [...drains].sort((a, b) => a.rate - b.rate)[Math.floor((drains.length - 1) / 2)]!;
    const lags = [...mid.lags].sort((a, b) => a - b);
    const drainRate = median(drains.map((d) => d.rate));
    const refRate = median(references);

    // Baseline: the same bodies, a plain fetch loop, same concurrency, nothing else.
    let next = 0;
    const baseStart = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < payloads.length; i = next++) {
          const res = await fetch(`${sink}/hooks`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: payloads[i]!.body,
          });
          await res.text();
        }
      }),
    );
    const baseMs = Date.now() - baseStart;
    const base = await stats();

    // And with undici.request on a keep-alive Agent, the client the drainer itself uses.
    const agent = new Agent({ keepAliveTimeout: 4_000 });
    next = 0;
    const rawStart = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < payloads.length; i = next++) {
          const res = await request(`${sink}/hooks`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: payloads[i]!.body,
            dispatcher: agent,
          });
          await res.body.text();
        }
      }),
    );
    const rawMs = Date.now() - rawStart;
    const raw = await stats();
    await agent.close();

    // First attempts: one event at a time, enqueued in a transaction then sent at once (the after() path).
    const firstLags: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      const id = await db.$transaction((tx) =>
        enqueueCancellationWebhook(tx, {
          workspace: { id: workspace.id, workspaceKey: workspace.workspaceKey },
          type: "cancellation.created",
          cancellation: JSON.parse(payloads[i]!.body).data.cancellation,
          cancellationEventId: `ce_bench${i}`,
        }),
      );
      await deliverWebhookEventsNow([id]);
      firstLags.push(performance.now() - t0);
    }
    await stats();
    firstLags.sort((a, b) => a - b);

    // Fairness: another workspace's endpoint accepts connections and never answers, with 64
    // deliveries due, queued before 100 of this endpoint's; both drained at once, default timeout.
    const hole = await startBlackHole();
    const holeWs = (await createWorkspace({ name: "Black hole", plan: "advanced" })).workspace;
    const holeEndpoint = await createWebhookEndpoint(holeWs.id, { url: `${hole.url}/hooks` });
    const fairAt = new Date();
    const fairPayloads = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `${prefix}${String(i).padStart(6, "0")}`,
        body: samplePayload(i, fairAt.toISOString(), workspace.workspaceKey).body,
      }));
    await enqueue(holeWs, holeEndpoint.id, fairPayloads("evt_hole", 64), new Date(fairAt.getTime() - 1000));
    await enqueue(workspace, endpoint.id, fairPayloads("evt_fair", 100), fairAt);
    await stats();
    const fairStart = Date.now();
    const fairSummary = await drainWebhookDeliveries({ concurrency: CONCURRENCY, budgetMs: 60_000 });
    const fairMs = Date.now() - fairStart;
    const fair = await stats();
    await hole.close();

    const pgVersion = (await db.$queryRaw<{ v: string }[]>`select version() as v`)[0]!.v
      .split(" ")
      .slice(0, 2)
      .join(" ");
    const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
    const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
    console.log(
      [
        `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${pgVersion}, load ${os.loadavg()[0]!.toFixed(1)}`,
        `work: ${DELIVERIES} queued deliveries per round to one loopback endpoint (another process), concurrency ${CONCURRENCY}, ${ROUNDS} rounds interleaved (medians)`,
        "",
        "| run | deliveries/s, median (rounds) | lag from enqueue p50 / p99 / max (median round) |",
        "|---|---|---|",
        `| drainer (claim, sign, send, record every attempt) | ${drainRate.toFixed(0)} (${runs(drains.map((d) => d.rate))}) | ${pct(lags, 50)} / ${pct(lags, 99)} / ${lags.at(-1)} ms |`,
        `| reference: keep-alive http.request loop, signing (no database) | ${refRate.toFixed(0)} (${runs(references)}) | — |`,
        "",
        `CPU per delivery (medians): drainer ${median(drainCpus.map((c) => c.self)).toFixed(3)} ms in its process + ${median(drainCpus.map((c) => c.pg)).toFixed(3)} ms in Postgres; reference ${median(refCpus).toFixed(3)} ms`,
        `| bare fetch loop (no database, no signing), once | ${rate(base.count, baseMs)} | — |`,
        `| bare undici.request loop (no database, no signing), once | ${rate(raw.count, rawMs)} | — |`,
        "",
        `drainer / http.request reference: ${(drainRate / refRate).toFixed(2)} (target ≥ ${TARGET_RATIO}: ${drainRate / refRate >= TARGET_RATIO ? "met" : "NOT met"})`,
        `drain summary (median round): ${JSON.stringify(mid.summary)}; succeeded rows: ${succeeded} of ${ROUNDS * DELIVERIES}`,
        `first attempt right after enqueue (commit → 2xx recorded), 100 events one at a time: p50 ${pct(firstLags, 50).toFixed(1)} ms, p99 ${pct(firstLags, 99).toFixed(1)} ms`,
        `fairness: with another workspace's endpoint hanging (64 due, queued first), the healthy endpoint's ${fair.count} of 100 arrived ${fair.count ? fair.lastAt - fairStart : "—"} ms after the drain started (first after ${fair.count ? fair.firstAt - fairStart : "—"} ms); the hanging one got ${hole.eventIds.length} attempts before its circuit opened; the drain took ${(fairMs / 1000).toFixed(1)} s (${JSON.stringify(fairSummary)})`,
      ].join("\n"),
    );
  } finally {
    receiver.kill("SIGTERM");
    await closeDb();
    await new Promise((r) => setTimeout(r, 300));
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}
