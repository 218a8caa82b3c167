// `npm run bench -- ingest`: POST /api/v1/cancellations on the production build (`next start`, with
// the Redis rate limiter on as CI runs it) against the Next.js floor — a separate minimal Next.js app
// of the same version whose one route handler parses the body and answers it (floor-app.ts) — and,
// for scale, a bare node:http + pg server doing the same essential work on the same database.
// 32 connections; app, floor and bare runs interleaved ROUNDS times, medians compared.
// BENCH_CPU_PROF=<dir> starts the app under `node --cpu-prof` (the profile is written when it stops;
// `npx tsx scripts/bench/profile-summary.ts <file>` reads it).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  createMigratedDatabase,
  dropDatabase,
  startTestServer,
  uniqueName,
} from "../../tests/helpers/test-database";
import {
  buildFloorApp,
  FLOOR_ECHO_PATH,
  nextStartArgv,
  startFloorApp,
  stopChild,
  waitUntilUp,
} from "./floor-app";
import { cpuMs, postgresCpuMs, rssMb } from "./proc";
import { median } from "./stats";

const root = path.resolve(import.meta.dirname, "../..");
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const CONNECTIONS = 32;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const APP_PORT = Number(process.env.BENCH_PORT ?? 3200);
const BARE_PORT = APP_PORT + 1;
const FLOOR_PORT = APP_PORT + 2;
const TARGET_RATIO = 0.8;
const TARGET_P99_RATIO = 1.25;
const TARGET_RSS_MB = 300;
const CANCELLATIONS = "/api/v1/cancellations";

/** Whether something listens on 127.0.0.1:`port`. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

type Result = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The server process's CPU time per answered request, ms. */
  cpuPerRequest: number;
  /** Postgres's CPU time per answered request, ms. */
  pgCpuPerRequest: number;
};

async function load(
  port: number,
  urlPath: string,
  key: string,
  body: (i: number) => string,
  opts: { connections?: number; duration?: number; pid?: number } = {},
): Promise<Result> {
  let i = 0;
  const cpuBefore = opts.pid ? cpuMs(opts.pid) : 0;
  const pgBefore = postgresCpuMs();
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${urlPath}`,
    connections: opts.connections ?? CONNECTIONS,
    duration: opts.duration ?? DURATION,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        setupRequest: (req) => ({ ...req, body: body(i++) }),
      },
    ],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuPerRequest: opts.pid ? (cpuMs(opts.pid) - cpuBefore) / Math.max(1, r.requests.total) : Number.NaN,
    pgCpuPerRequest: (postgresCpuMs() - pgBefore) / Math.max(1, r.requests.total),
  };
}

const RUNS = ["appNew", "appReplay", "floor", "bareNew", "bareReplay"] as const;
type Run = (typeof RUNS)[number];

export async function run() {
  if (!existsSync(path.join(root, DIST_DIR, "BUILD_ID"))) {
    console.error(`▸ no production build in ${DIST_DIR}: running next build`);
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR },
    });
  }
  buildFloorApp();
  const redisUrl = process.env.REDIS_URL || ((await answers(6379)) ? "redis://127.0.0.1:6379" : "");
  const server = await startTestServer();
  const name = uniqueName("rb_bench");
  const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  const { createWorkspace } = await import("../../lib/domain/workspaces/create-workspace");
  const { db } = await import("../../lib/db");
  const { apiKey } = await createWorkspace({ name: "Bench", plan: "advanced" });
  const { localEncryptionKey } = await import("../../lib/crypto/secrets");

  const profDir = process.env.BENCH_CPU_PROF;
  const appLog = process.env.BENCH_APP_LOG ? openSync(process.env.BENCH_APP_LOG, "w") : undefined;
  const app = spawn(
    process.execPath,
    // BENCH_APP_NODE_ARGS: Node flags for the app alone (not the floor, the bare server or the load).
    nextStartArgv(APP_PORT, process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean)),
    {
      cwd: root,
      // BENCH_APP_LOG=<file>: the app's stdout and stderr (its logs, --trace-gc…) go there.
      stdio: appLog === undefined ? "ignore" : ["ignore", appLog, appLog],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_DIST_DIR: DIST_DIR,
        DATABASE_URL: databaseUrl,
        // The key this process stored the workspace's signing secret under (production never falls back).
        ENCRYPTION_KEY: process.env.ENCRYPTION_KEY || localEncryptionKey(root),
        REDIS_URL: redisUrl,
        RATE_LIMIT_PER_MINUTE: "100000000",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    },
  );
  const bare: ChildProcess = spawn(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/bench/bare-ingest-server.ts"],
    {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(BARE_PORT) },
    },
  );
  let stopFloor: (() => Promise<void>) | undefined;
  let peakRss = 0;
  let idleRss = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    const rss = rssMb(app.pid!);
    peakRss = Math.max(peakRss, rss);
    if (process.env.BENCH_RSS_TRACE && ++samples % 25 === 0) console.error(`  app RSS ${rss.toFixed(0)} MB`);
  }, 200);

  try {
    const floorApp = await startFloorApp({ port: FLOOR_PORT });
    stopFloor = floorApp.stop;
    const floorPid = floorApp.child.pid;
    const post = { method: "POST", body: "{}" };
    await waitUntilUp(`http://127.0.0.1:${APP_PORT}${CANCELLATIONS}`, 60_000, post);
    await waitUntilUp(`http://127.0.0.1:${BARE_PORT}${CANCELLATIONS}`, 60_000, post);
    const payload = (eventId: string) =>
      JSON.stringify({
        eventId,
        reasonKey: "too_expensive",
        offer: { type: "discount", accepted: false },
        context: { plan: "pro", mrr: 49 },
      });

    const runId = Date.now().toString(36);
    let n = 0;
    const runs: Record<Run, () => Promise<Result>> = {
      appNew: () =>
        load(APP_PORT, CANCELLATIONS, apiKey.key, (i) => payload(`app_${runId}_${n}_${i}`), { pid: app.pid }),
      appReplay: () => load(APP_PORT, CANCELLATIONS, apiKey.key, () => payload("warmup"), { pid: app.pid }),
      floor: () =>
        load(FLOOR_PORT, FLOOR_ECHO_PATH, apiKey.key, (i) => payload(`floor_${i}`), { pid: floorPid }),
      bareNew: () =>
        load(BARE_PORT, CANCELLATIONS, apiKey.key, (i) => payload(`bare_${runId}_${n}_${i}`), {
          pid: bare.pid,
        }),
      bareReplay: () =>
        load(BARE_PORT, CANCELLATIONS, apiKey.key, () => payload("warmup"), { pid: bare.pid }),
    };

    idleRss = rssMb(app.pid!);
    console.error("▸ warming up (3 s each, unmeasured)");
    const warm = { connections: 8, duration: 3 };
    await load(APP_PORT, CANCELLATIONS, apiKey.key, () => payload("warmup"), warm);
    await load(APP_PORT, CANCELLATIONS, apiKey.key, (i) => payload(`warm_${runId}_${i}`), warm);
    await load(FLOOR_PORT, FLOOR_ECHO_PATH, apiKey.key, () => payload("warmup"), warm);
    await load(BARE_PORT, CANCELLATIONS, apiKey.key, () => payload("warmup"), warm);

    const results = Object.fromEntries(RUNS.map((r) => [r, [] as Result[]])) as Record<Run, Result[]>;
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`▸ round ${round}/${ROUNDS}: ${RUNS.join(", ")} (${DURATION} s each)`);
      for (const r of RUNS) {
        n++;
        // Each run starts on a vacuumed database: otherwise autovacuum, woken by the previous run's
        // inserts, takes CPU from the next run (replays measured after new events halved, round
        // after round, as the tables grew).
        await db.$executeRawUnsafe("vacuum analyze");
        results[r].push(await runs[r]());
      }
    }

    const med = (r: Run) => ({
      rps: median(results[r].map((x) => x.rps)),
      p50: median(results[r].map((x) => x.p50)),
      p99: median(results[r].map((x) => x.p99)),
      non2xx: results[r].reduce((s, x) => s + x.non2xx, 0),
      errors: results[r].reduce((s, x) => s + x.errors, 0),
      runs: results[r].map((x) => x.rps.toFixed(0)).join(", "),
      cpu: median(results[r].map((x) => x.cpuPerRequest)),
      pgCpu: median(results[r].map((x) => x.pgCpuPerRequest)),
    });
    const m = Object.fromEntries(RUNS.map((r) => [r, med(r)])) as Record<Run, ReturnType<typeof med>>;
    const pgVersion = (await db.$queryRaw<{ v: string }[]>`select version() as v`)[0]!.v
      .split(" ")
      .slice(0, 2)
      .join(" ");
    const nextVersion = JSON.parse(readFileSync(path.join(root, "node_modules/next/package.json"), "utf8"))
      .version as string;
    const cell = (r: ReturnType<typeof med>) =>
      `${r.rps.toFixed(0)} req/s (${r.runs}), p50 ${r.p50} ms, p99 ${r.p99} ms, CPU ${r.cpu.toFixed(2)} + Postgres ${r.pgCpu.toFixed(2)} ms/req${r.non2xx || r.errors ? ` — non-2xx ${r.non2xx}, errors ${r.errors}` : ""}`;
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const lines = [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}, Next.js ${nextVersion}, ${pgVersion}`,
      `load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds interleaved (medians), loopback; app LOG_LEVEL=${process.env.LOG_LEVEL ?? "info"}, rate limiter: ${redisUrl ? "Redis" : "in-process (no Redis answered)"}${profDir ? ", under --cpu-prof" : ""}`,
      "",
      "| run | app (next start) | Next.js floor (POST /api/echo) | app / floor | p99 app / floor | bare node:http + pg |",
      "|---|---|---|---|---|---|",
      `| new events | ${cell(m.appNew)} | ${cell(m.floor)} | ${ratio(m.appNew.rps, m.floor.rps)} | ${ratio(m.appNew.p99, m.floor.p99)} | ${cell(m.bareNew)} |`,
      `| replays | ${cell(m.appReplay)} | (same) | ${ratio(m.appReplay.rps, m.floor.rps)} | ${ratio(m.appReplay.p99, m.floor.p99)} | ${cell(m.bareReplay)} |`,
      "",
      `app RSS: ${idleRss.toFixed(0)} MB once up, peak ${peakRss.toFixed(0)} MB under load (next start and its children)`,
      `targets: new events ≥ ${TARGET_RATIO} × floor (${verdict(m.appNew.rps >= TARGET_RATIO * m.floor.rps)}), replays ≥ ${TARGET_RATIO} × floor (${verdict(m.appReplay.rps >= TARGET_RATIO * m.floor.rps)}), p99 ≤ ${TARGET_P99_RATIO} × floor's (new ${verdict(m.appNew.p99 <= TARGET_P99_RATIO * m.floor.p99)}, replays ${verdict(m.appReplay.p99 <= TARGET_P99_RATIO * m.floor.p99)}), RSS < ${TARGET_RSS_MB} MB (${verdict(peakRss < TARGET_RSS_MB)})`,
    ];
    console.log(lines.join("\n"));
  } finally {
    clearInterval(sampler);
    await Promise.all([stopChild(app, 15_000), stopChild(bare), stopFloor?.()]);
    await db.$disconnect();
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}
