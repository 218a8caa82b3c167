// `npm run bench -- hosted`: the hosted cancellation flow's pages (reason, offer, confirm, done) on
// the production build, as customers load them: TTFB for one customer, pages/s at 8 concurrent
// customers against the Next.js floor app's minimal form page (interleaved, three runs each,
// medians compared), the JavaScript each page ships (gzipped) and any third-party request in it.
// Targets: issue 16. All traffic stays on loopback; the cancel host `cancel.localhost:<port>` is
// reached at 127.0.0.1 with its Host header (Node does not resolve *.localhost).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import {
  createMigratedDatabase,
  dropDatabase,
  startTestServer,
  uniqueName,
} from "../../tests/helpers/test-database";
import {
  buildFloorApp,
  FLOOR_PAGE_PATH,
  nextStartArgv,
  startFloorApp,
  stopChild,
  waitUntilUp,
} from "./floor-app";
import { median, percentile } from "./stats";

const root = path.resolve(import.meta.dirname, "../..");
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const CUSTOMERS = 8;
const ROUNDS = 3;
const POOL = 16;
const APP_PORT = Number(process.env.BENCH_PORT ?? 3212);
const FLOOR_PORT = APP_PORT + 1;
const CANCEL_HOST = `cancel.localhost:${APP_PORT}`;
const CANCEL_ORIGIN = `http://${CANCEL_HOST}`;
const TARGET_TTFB_P50 = 25;
const TARGET_RATIO = 0.7;
const TARGET_JS_KB = 30;

const STEPS = ["reason", "offer", "confirm", "done"] as const;
type Step = (typeof STEPS)[number];

const stepPath = (token: string, step: Step) => (step === "reason" ? `/s/${token}` : `/s/${token}/${step}`);

// ---------------------------------------------------------------------------------------------
// HTTP to loopback, one keep-alive connection per customer (as a browser would hold one).

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ttfb: number; total: number };

function send(
  agent: http.Agent,
  port: number,
  opts: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        agent,
        method: opts.method ?? "GET",
        path: opts.path,
        headers: {
          host: opts.host ?? `127.0.0.1:${port}`,
          "accept-language": "en",
          ...(opts.body === undefined ? {} : { "content-length": String(Buffer.byteLength(opts.body)) }),
          ...opts.headers,
        },
      },
      (res) => {
        const ttfb = performance.now() - t0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ttfb,
            total: performance.now() - t0,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

/** A customer of the hosted flow: their own connection to the cancel host. */
class Customer {
  readonly agent = newAgent();

  async view(token: string, step: Step): Promise<Reply> {
    const r = await send(this.agent, APP_PORT, {
      path: stepPath(token, step),
      host: CANCEL_HOST,
      headers: { accept: "text/html" },
    });
    if (r.status !== 200)
      throw new Error(`GET ${step} answered ${r.status}: ${r.body.toString().slice(0, 200)}`);
    return r;
  }

  /** Posts a step's form as the page does, and checks where the server sends the customer next. */
  async submit(token: string, fields: Record<string, string>, next: Step) {
    const r = await send(this.agent, APP_PORT, {
      method: "POST",
      path: `/s/${token}/submit`,
      host: CANCEL_HOST,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: CANCEL_ORIGIN },
      body: new URLSearchParams(fields).toString(),
    });
    const to = r.headers.location ?? "";
    if (r.status !== 303 || new URL(to, CANCEL_ORIGIN).pathname !== stepPath(token, next)) {
      throw new Error(
        `POST ${fields.action} answered ${r.status} → ${to || "(no location)"}, expected ${next}`,
      );
    }
  }

  /** From the step the session is on to the next (the forms of standard mode). */
  async advance(token: string, from: Step) {
    if (from === "reason") {
      await this.submit(
        token,
        { page: "reason", action: "reason", reasonKey: "too_expensive", reasonText: "" },
        "offer",
      );
    } else if (from === "offer") {
      await this.submit(token, { page: "offer", action: "decline" }, "confirm");
    } else if (from === "confirm") {
      await this.submit(token, { page: "confirm", action: "confirm" }, "done");
    }
  }

  close() {
    this.agent.destroy();
  }
}

async function createLinks(apiKey: string, count: number, prefix: string): Promise<string[]> {
  const agent = newAgent();
  const tokens: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const r = await send(agent, APP_PORT, {
        method: "POST",
        path: "/api/v1/cancel-link",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        // No customer email: a completed session would send its receipt.
        body: JSON.stringify({ userId: `${prefix}_${i}` }),
      });
      if (r.status !== 200 && r.status !== 201) {
        throw new Error(`POST /api/v1/cancel-link answered ${r.status}: ${r.body.toString().slice(0, 300)}`);
      }
      const { url } = JSON.parse(r.body.toString()) as { url: string };
      const u = new URL(url);
      if (u.host !== CANCEL_HOST) throw new Error(`cancel link ${url} is not on ${CANCEL_HOST}`);
      tokens.push(decodeURIComponent(u.pathname.split("/")[2]!));
    }
  } finally {
    agent.destroy();
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Figures.

type LoadResult = { pagesPerSec: number; p50: number; p99: number; pages: number; errors: number };

/** `CUSTOMERS` loops loading `paths` round-robin for `seconds`, each on its own connection. */
async function concurrentLoad(
  port: number,
  host: string,
  paths: string[],
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: CUSTOMERS }, async () => {
      const agent = newAgent();
      try {
        while (performance.now() < until) {
          const p = paths[next++ % paths.length]!;
          try {
            const r = await send(agent, port, { path: p, host, headers: { accept: "text/html" } });
            if (r.status === 200) latencies.push(r.total);
            else errors++;
          } catch {
            errors++;
          }
        }
      } finally {
        agent.destroy();
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return {
    pagesPerSec: latencies.length / elapsed,
    p50: median(latencies),
    p99: percentile(latencies, 99),
    pages: latencies.length,
    errors,
  };
}

type ScriptFile = { url: string; raw: number; gz: number };
type PageWeight = {
  htmlBytes: number;
  htmlGz: number;
  scripts: ScriptFile[];
  inline: number;
  inlineGz: number;
  thirdParty: string[];
  linksOut: string[];
};

const attr = (tag: string, name: string) =>
  tag
    .match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"))
    ?.slice(1)
    .find((v) => v !== undefined);

const decodeEntities = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x2F;/gi, "/")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** Same-origin resources are fetched from the app (loopback, with their Host); others only counted. */
async function weigh(
  html: string,
  pageUrl: string,
  port: number,
  cache: Map<string, Buffer>,
): Promise<PageWeight> {
  const origin = new URL(pageUrl).origin;
  const agent = newAgent();
  const fetchSame = async (u: URL): Promise<Buffer> => {
    const key = u.pathname + u.search;
    const hit = cache.get(key);
    if (hit) return hit;
    const r = await send(agent, port, { path: key, host: u.host });
    if (r.status !== 200) throw new Error(`GET ${key} answered ${r.status}`);
    cache.set(key, r.body);
    return r.body;
  };
  try {
    const scriptUrls = new Set<string>();
    let inline = 0;
    let inlineGz = 0;
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const src = attr(m[1]!, "src");
      if (src) scriptUrls.add(new URL(decodeEntities(src), pageUrl).href);
      else if (m[2]!.trim()) {
        inline++;
        inlineGz += gzipSync(m[2]!).length;
      }
    }
    // Scripts the page preloads are downloaded too.
    const resources = new Set<string>();
    const linksOut = new Set<string>();
    for (const m of html.matchAll(/<([a-z]+)\b([^>]*)>/gi)) {
      const [tagName, attrs] = [m[1]!.toLowerCase(), m[2]!];
      if (tagName === "a" || tagName === "form") {
        const href = attr(attrs, tagName === "a" ? "href" : "action");
        if (href && !href.startsWith("#")) {
          const u = new URL(decodeEntities(href), pageUrl);
          if (u.origin !== origin) linksOut.add(u.origin);
        }
        continue;
      }
      for (const name of ["src", "href", "poster", "data"]) {
        const v = attr(attrs, name);
        if (v && !v.startsWith("data:")) resources.add(new URL(decodeEntities(v), pageUrl).href);
      }
      const srcset = attr(attrs, "srcset");
      for (const part of srcset?.split(",") ?? []) {
        const u = part.trim().split(/\s+/)[0];
        if (u) resources.add(new URL(decodeEntities(u), pageUrl).href);
      }
      if (tagName === "link" && /\bas\s*=\s*["']?script/i.test(attrs)) {
        const href = attr(attrs, "href");
        if (href) scriptUrls.add(new URL(decodeEntities(href), pageUrl).href);
      }
    }
    // Stylesheets may load more (fonts, images, @import).
    for (const m of html.matchAll(/<link\b([^>]*)>/gi)) {
      if (!/rel\s*=\s*["']?stylesheet/i.test(m[1]!)) continue;
      const href = attr(m[1]!, "href");
      if (!href) continue;
      const u = new URL(decodeEntities(href), pageUrl);
      if (u.origin !== origin) continue;
      const css = (await fetchSame(u)).toString();
      for (const c of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']/g)) {
        const ref = c[1] ?? c[2]!;
        if (!ref.startsWith("data:")) resources.add(new URL(ref, u).href);
      }
    }
    for (const href of scriptUrls) resources.add(href);
    const thirdParty = [...resources].filter((r) => new URL(r).origin !== origin);

    const scripts: ScriptFile[] = [];
    for (const href of scriptUrls) {
      const u = new URL(href);
      if (u.origin !== origin) continue;
      const body = await fetchSame(u);
      scripts.push({ url: u.pathname, raw: body.length, gz: gzipSync(body).length });
    }
    return {
      htmlBytes: Buffer.byteLength(html),
      htmlGz: gzipSync(html).length,
      scripts,
      inline,
      inlineGz,
      thirdParty,
      linksOut: [...linksOut],
    };
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

function buildAppIfNeeded() {
  if (existsSync(path.join(root, DIST_DIR, "BUILD_ID"))) return;
  console.error(`▸ no production build in ${DIST_DIR}: running next build`);
  // next build rewrites tsconfig.json (for another dist dir): put it back as it was.
  const tsconfig = path.join(root, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  try {
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: "1" },
    });
  } finally {
    if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
  }
}

const kb = (n: number) => (n / 1024).toFixed(1);
const ms = (n: number) => n.toFixed(1);

export async function run() {
  buildAppIfNeeded();
  buildFloorApp();

  const server = await startTestServer();
  const name = uniqueName("rb_bench_hosted");
  const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
  process.env.DATABASE_URL = databaseUrl;
  const { createWorkspace } = await import("../../lib/domain/workspaces/create-workspace");
  const { createOffer } = await import("../../lib/domain/reasons-offers/offers");
  const { localEncryptionKey } = await import("../../lib/crypto/secrets");
  const { db } = await import("../../lib/db");

  let app: ChildProcess | undefined;
  let stopFloor: (() => Promise<void>) | undefined;
  try {
    const { workspace, apiKey } = await createWorkspace({
      name: "Bench Co",
      plan: "advanced",
      returnUrls: ["https://bench.example/account"],
    });
    await createOffer(workspace.id, {
      reasonKey: "too_expensive",
      type: "discount",
      label: "30% off for 3 months",
      termsText: "Applied to your next three invoices.",
      terms: { percentOff: 30, durationMonths: 3 },
    });

    // BENCH_CPU_PROF=<dir>: the app runs under `node --cpu-prof` (written when it stops).
    app = spawn(process.execPath, nextStartArgv(APP_PORT), {
      cwd: root,
      stdio: "ignore",
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_DIST_DIR: DIST_DIR,
        DATABASE_URL: databaseUrl,
        APP_URL: `http://localhost:${APP_PORT}`,
        CANCEL_URL: CANCEL_ORIGIN,
        // The key this process stored the workspace's signing secret under (production never falls back).
        ENCRYPTION_KEY: process.env.ENCRYPTION_KEY || localEncryptionKey(root),
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || "bench-nextauth-secret-0123456789-abcdef",
        HEALTH_TOKEN: process.env.HEALTH_TOKEN || "bench-health-token-0123456789",
        CRON_SECRET: process.env.CRON_SECRET || "bench-cron-secret-0123456789",
        RATE_LIMIT_PER_MINUTE: "100000000",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    const floor = await startFloorApp({ port: FLOOR_PORT });
    stopFloor = floor.stop;
    await waitUntilUp(`http://127.0.0.1:${APP_PORT}/api/health`);

    // Warm both servers up (first renders compile and JIT), unmeasured.
    console.error("▸ warming up");
    const warm = new Customer();
    for (const token of await createLinks(apiKey.key, 5, "warm")) {
      for (const step of STEPS) {
        await warm.view(token, step);
        await warm.advance(token, step);
      }
    }
    warm.close();
    await concurrentLoad(FLOOR_PORT, `127.0.0.1:${FLOOR_PORT}`, [FLOOR_PAGE_PATH], 2);

    // One customer at a time: N fresh sessions walked through every step (the reason page's first
    // view opens the session; each step's figure is its first view).
    console.error(`▸ one customer: ${SESSIONS} fresh sessions, every step`);
    const ttfb: Record<Step, number[]> = { reason: [], offer: [], confirm: [], done: [] };
    const lastHtml = {} as Record<Step, { html: string; url: string }>;
    const one = new Customer();
    for (const token of await createLinks(apiKey.key, SESSIONS, "one")) {
      for (const step of STEPS) {
        const r = await one.view(token, step);
        ttfb[step].push(r.ttfb);
        lastHtml[step] = { html: r.body.toString(), url: `${CANCEL_ORIGIN}${stepPath(token, step)}` };
        await one.advance(token, step);
      }
    }
    one.close();
    if (!lastHtml.offer.html.includes("30% off for 3 months"))
      throw new Error("the offer page did not show the offer");
    const floorTtfb: number[] = [];
    const floorAgent = newAgent();
    for (let i = 0; i < SESSIONS; i++) {
      floorTtfb.push((await send(floorAgent, FLOOR_PORT, { path: `${FLOOR_PAGE_PATH}?t=one_${i}` })).ttfb);
    }
    const floorHtml = (await send(floorAgent, FLOOR_PORT, { path: FLOOR_PAGE_PATH })).body.toString();
    floorAgent.destroy();

    // 8 concurrent customers: for each step a pool of sessions standing on it, viewed round-robin
    // (repeat views: opening a session is the one-customer figure's business).
    const pools = {} as Record<Step, string[]>;
    const setup = new Customer();
    for (const [i, step] of STEPS.entries()) {
      pools[step] = [];
      for (const token of await createLinks(apiKey.key, POOL, `pool_${step}`)) {
        for (const s of STEPS.slice(0, i + 1)) {
          await setup.view(token, s);
          if (s !== step) await setup.advance(token, s);
        }
        pools[step].push(stepPath(token, step));
      }
    }
    setup.close();

    console.error(
      `▸ ${CUSTOMERS} concurrent customers: ${ROUNDS} rounds of floor, ${STEPS.join(", ")} (${DURATION} s each)`,
    );
    const rounds: Record<Step | "floor", LoadResult[]> = {
      floor: [],
      reason: [],
      offer: [],
      confirm: [],
      done: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.floor.push(
        await concurrentLoad(
          FLOOR_PORT,
          `127.0.0.1:${FLOOR_PORT}`,
          Array.from({ length: POOL }, (_, i) => `${FLOOR_PAGE_PATH}?t=pool_${i}`),
          DURATION,
        ),
      );
      for (const step of STEPS)
        rounds[step].push(await concurrentLoad(APP_PORT, CANCEL_HOST, pools[step], DURATION));
    }

    // What each page ships.
    const cache = new Map<string, Buffer>();
    const weights = {} as Record<Step, PageWeight>;
    for (const step of STEPS)
      weights[step] = await weigh(lastHtml[step].html, lastHtml[step].url, APP_PORT, cache);
    const floorW = await weigh(
      floorHtml,
      `http://127.0.0.1:${FLOOR_PORT}${FLOOR_PAGE_PATH}`,
      FLOOR_PORT,
      new Map(),
    );

    const pgVersion = (await db.$queryRaw<{ v: string }[]>`select version() as v`)[0]!.v
      .split(" ")
      .slice(0, 2)
      .join(" ");
    const nextVersion = JSON.parse(
      readFileSync(path.join(root, "node_modules/next/package.json"), "utf8"),
    ).version;
    const floorRps = median(rounds.floor.map((r) => r.pagesPerSec));
    const floorP50 = median(rounds.floor.map((r) => r.p50));
    const loadErrors = Object.values(rounds)
      .flat()
      .reduce((n, r) => n + r.errors, 0);

    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    const rows: string[] = [];
    const misses: string[] = [];
    for (const step of STEPS) {
      const w = weights[step];
      const jsGz = w.scripts.reduce((n, s) => n + s.gz, 0);
      const rps = median(rounds[step].map((r) => r.pagesPerSec));
      const p50 = median(rounds[step].map((r) => r.p50));
      const ratio = rps / floorRps;
      const t50 = median(ttfb[step]);
      const t95 = percentile(ttfb[step], 95);
      const jsTotal = jsGz + w.inlineGz;
      rows.push(
        `| ${step} | ${ms(t50)} / ${ms(t95)} | ${rps.toFixed(0)} (${rounds[step].map((r) => r.pagesPerSec.toFixed(0)).join(", ")}) | ${ms(p50)} | **${ratio.toFixed(2)}** | ${kb(w.htmlBytes)} (${kb(w.htmlGz)} gz) | ${w.scripts.length}: ${kb(jsGz)} KB + ${w.inline} inline: ${kb(w.inlineGz)} KB = **${kb(jsTotal)} KB** | ${w.thirdParty.length} |`,
      );
      if (!(t50 < TARGET_TTFB_P50)) misses.push(`${step} TTFB p50 ${ms(t50)} ms ≥ ${TARGET_TTFB_P50} ms`);
      if (!(ratio >= TARGET_RATIO)) misses.push(`${step} ${ratio.toFixed(2)} × floor < ${TARGET_RATIO}`);
      if (!(jsTotal <= TARGET_JS_KB * 1024)) misses.push(`${step} JS ${kb(jsTotal)} KB > ${TARGET_JS_KB} KB`);
      if (w.thirdParty.length) misses.push(`${step} third-party: ${w.thirdParty.join(", ")}`);
    }
    const floorJs = floorW.scripts.reduce((n, s) => n + s.gz, 0);
    rows.push(
      `| floor \`${FLOOR_PAGE_PATH}\` | ${ms(median(floorTtfb))} / ${ms(percentile(floorTtfb, 95))} | ${floorRps.toFixed(0)} (${rounds.floor.map((r) => r.pagesPerSec.toFixed(0)).join(", ")}) | ${ms(floorP50)} | 1 | ${kb(floorW.htmlBytes)} (${kb(floorW.htmlGz)} gz) | ${floorW.scripts.length}: ${kb(floorJs)} KB + ${floorW.inline} inline: ${kb(floorW.inlineGz)} KB = ${kb(floorJs + floorW.inlineGz)} KB | ${floorW.thirdParty.length} |`,
    );

    const all = (pred: (s: Step) => boolean) => STEPS.every(pred);
    const jsOf = (s: Step) => weights[s].scripts.reduce((n, f) => n + f.gz, 0) + weights[s].inlineGz;
    const scriptList = [...weights.reason.scripts]
      .sort((a, b) => b.gz - a.gz)
      .map((s) => `  ${kb(s.gz).padStart(6)} KB gz (${kb(s.raw).padStart(6)} KB raw)  ${s.url}`);
    const linksOut = [...new Set(STEPS.flatMap((s) => weights[s].linksOut))];
    const lines = [
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${pgVersion}, Next.js ${nextVersion}`,
      `load: one customer = ${SESSIONS} fresh sessions walked sequentially (first view of each step, TTFB); ${CUSTOMERS} concurrent customers = ${CUSTOMERS} keep-alive connections, ${POOL} sessions per step round-robin, ${DURATION} s per run, ${ROUNDS} rounds interleaved with the floor (medians); loopback; app LOG_LEVEL=${process.env.LOG_LEVEL ?? "info"}${process.env.REDIS_URL ? ", REDIS_URL set" : ", no REDIS_URL"}`,
      "",
      "| step | TTFB p50 / p95 ms (1 customer) | pages/s @8 median (runs) | p50 ms @8 | app / floor | HTML KB | JS gzipped: external + inline | third-party |",
      "|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      `targets: TTFB p50 < ${TARGET_TTFB_P50} ms (${verdict(all((s) => median(ttfb[s]) < TARGET_TTFB_P50))}), ≥ ${TARGET_RATIO} × floor pages/s at ${CUSTOMERS} (${verdict(all((s) => median(rounds[s].map((r) => r.pagesPerSec)) / floorRps >= TARGET_RATIO))}), JS ≤ ${TARGET_JS_KB} KB gzipped (${verdict(all((s) => jsOf(s) <= TARGET_JS_KB * 1024))}), third-party requests 0 (${verdict(all((s) => weights[s].thirdParty.length === 0))})`,
      ...(misses.length ? [`not met: ${misses.join("; ")}`] : []),
      ...(loadErrors ? [`errors under load: ${loadErrors}`] : []),
      "",
      "reason page scripts (largest first):",
      ...scriptList,
      ...(linksOut.length
        ? ["", `links to other origins (navigation, not requests): ${linksOut.join(", ")}`]
        : []),
    ];
    console.log(lines.join("\n"));
  } finally {
    if (app) await stopChild(app, 15_000);
    await stopFloor?.();
    await db.$disconnect();
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  }
}
