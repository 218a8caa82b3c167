// `npm run bench -- ingest`: POST /api/v1/cancellations on the production build vs a bare node:http
// + pg server doing the same essential work, on the same database, 32 connections each.
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  createMigratedDatabase,
  dropDatabase,
  startTestServer,
  uniqueName,
} from "../../tests/helpers/test-database";

const root = path.resolve(import.meta.dirname, "../..");
const CONNECTIONS = 32;
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const APP_PORT = 3200;
const BARE_PORT = 3201;

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry), ...children(Number(entry)));
    } catch {}
  }
  return out;
}

function rssMb(pid: number): number {
  let kb = 0;
  for (const p of [pid, ...children(pid)]) {
    try {
      const m = readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
      kb += Number(m?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { method: "POST", body: "{}" });
      if (res.status > 0) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function start(cmd: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, cmd, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
}

type Result = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

async function load(port: number, key: string, body: (i: number) => string): Promise<Result> {
  let i = 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/cancellations`,
    connections: CONNECTIONS,
    duration: DURATION,
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
  };
}

export async function run() {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.error("▸ no production build: running next build");
    execSync("node node_modules/next/dist/bin/next build", { cwd: root, stdio: "inherit" });
  }
  const server = await startTestServer();
  const name = uniqueName("rb_bench");
  const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  const { createWorkspace } = await import("../../lib/domain/workspaces/create-workspace");
  const { db } = await import("../../lib/db");
  const { apiKey } = await createWorkspace({ name: "Bench", plan: "advanced" });
  const { localEncryptionKey } = await import("../../lib/crypto/secrets");

  const app = start(["node_modules/next/dist/bin/next", "start", "-p", String(APP_PORT), "-H", "127.0.0.1"], {
    DATABASE_URL: databaseUrl,
    // The key this process stored the workspace's signing secret under (production never falls back).
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY || localEncryptionKey(root),
    RATE_LIMIT_PER_MINUTE: "100000000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    NEXT_TELEMETRY_DISABLED: "1",
  });
  const bare = start(
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/bench/bare-ingest-server.ts"],
    {
      DATABASE_URL: databaseUrl,
      PORT: String(BARE_PORT),
    },
  );
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(app.pid!));
  }, 200);

  try {
    await waitFor(`http://127.0.0.1:${APP_PORT}/api/v1/cancellations`);
    await waitFor(`http://127.0.0.1:${BARE_PORT}/api/v1/cancellations`);
    const payload = (eventId: string) =>
      JSON.stringify({
        eventId,
        reasonKey: "too_expensive",
        offer: { type: "discount", accepted: false },
        context: { plan: "pro", mrr: 49 },
      });

    console.error(`▸ warming up, then ${DURATION} s per run, ${CONNECTIONS} connections`);
    await autocannon({
      url: `http://127.0.0.1:${APP_PORT}/api/v1/cancellations`,
      connections: 8,
      duration: 3,
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey.key}` },
      body: payload("warmup"),
    });

    const runId = Date.now().toString(36);
    const appNew = await load(APP_PORT, apiKey.key, (i) => payload(`app_${runId}_${i}`));
    const appReplay = await load(APP_PORT, apiKey.key, () => payload("warmup"));
    const bareNew = await load(BARE_PORT, apiKey.key, (i) => payload(`bare_${runId}_${i}`));
    const bareReplay = await load(BARE_PORT, apiKey.key, () => payload("warmup"));
    // The framework's own floor: Next.js answering its cheapest route, no database.
    const floor = await autocannon({
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      connections: CONNECTIONS,
      duration: DURATION,
    });

    const pgVersion = (await db.$queryRaw<{ v: string }[]>`select version() as v`)[0]!.v
      .split(" ")
      .slice(0, 2)
      .join(" ");
    const fmt = (r: Result) =>
      `${r.rps.toFixed(0).padStart(8)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms${r.non2xx || r.errors ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : ""}`;
    const lines = [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${pgVersion}`,
      `load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, loopback; app LOG_LEVEL=${process.env.LOG_LEVEL ?? "info"}`,
      "",
      `| run | app (next start) | bare node:http + pg | app / bare |`,
      `|---|---|---|---|`,
      `| new events | ${fmt(appNew)} | ${fmt(bareNew)} | ${(appNew.rps / bareNew.rps).toFixed(2)} |`,
      `| replays | ${fmt(appReplay)} | ${fmt(bareReplay)} | ${(appReplay.rps / bareReplay.rps).toFixed(2)} |`,
      "",
      `Next.js floor (GET /api/health, no database): ${floor.requests.average.toFixed(0)} req/s, p99 ${floor.latency.p99} ms`,
      `app peak RSS: ${peakRss.toFixed(0)} MB (next start and its children)`,
      `targets: new events ≥ 0.6 × bare (${appNew.rps / bareNew.rps >= 0.6 ? "met" : "NOT met"}), p99 < 100 ms (${appNew.p99 < 100 ? "met" : "NOT met"}), RSS < 400 MB (${peakRss < 400 ? "met" : "NOT met"})`,
    ];
    console.log(lines.join("\n"));
  } finally {
    clearInterval(sampler);
    app.kill("SIGTERM");
    bare.kill("SIGTERM");
    await db.$disconnect();
    await new Promise((r) => setTimeout(r, 500));
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}
