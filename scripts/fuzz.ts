// `npm run fuzz`: bad input against the built app, which must never answer 5xx. Seeded (`--seed N`,
// default 1) and bounded (`--requests N`, default 2000). By default it starts `next start` on a
// fresh migrated and seeded database (tests/helpers/test-database.ts, `scripts/db.ts seed`), with a
// local fake of Stripe; `--base http://127.0.0.1:PORT` targets a running app instead (then
// DATABASE_URL must name that app's database: the fuzzer makes its data there and counts rows).
// Traffic goes to loopback only: any other base URL is refused.
//
// Every request that is refused (4xx/5xx) must leave the database as it was: the rows of the tables
// below are counted before and after each one. Exit 1 on any 5xx, a stack trace in a body, a
// request without an answer, a row stored by a refused request, or an unhealthy app at the end.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import ipaddr from "ipaddr.js";

const root = path.resolve(import.meta.dirname, "..");

// ───────────────────────────── arguments and the loopback rule ─────────────────────────────

const USAGE = `usage: npm run fuzz -- [--seed N] [--requests N] [--port N] [--base http://127.0.0.1:PORT]
                        [--cancel-host cancel.localhost:PORT] [--app-log FILE] [--verbose]`;

function parseCli() {
  const { values } = parseArgs({
    options: {
      seed: { type: "string", default: "1" },
      requests: { type: "string", default: "2000" },
      port: { type: "string", default: "3217" },
      base: { type: "string" },
      "cancel-host": { type: "string" },
      verbose: { type: "boolean", default: false },
      "app-log": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be a whole number ≥ ${min}\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    seed: int("seed", values.seed, 0),
    requests: int("requests", values.requests, 1),
    port: int("port", values.port, 1),
    base: values.base,
    cancelHost: values["cancel-host"],
    verbose: values.verbose,
    appLog: values["app-log"],
  };
}

/** 127.0.0.0/8, ::1 (also as ::ffff:127.x), `localhost` and `*.localhost`: nothing else. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (!ipaddr.isValid(h)) return false;
  let addr = ipaddr.parse(h);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  return addr.range() === "loopback";
}

function loopbackBase(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--base ${raw} is not a URL`);
  }
  if (url.protocol !== "http:") throw new Error(`--base must be http:// (got ${url.protocol})`);
  if (!isLoopbackHostname(url.hostname)) {
    throw new Error(`--base ${raw}: refusing a host that is not loopback (127.0.0.0/8, ::1, localhost)`);
  }
  return url;
}

// ───────────────────────────── seeded randomness ─────────────────────────────

/** mulberry32: small, fast, good enough to pick test cases reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

// ───────────────────────────── weird values ─────────────────────────────

/** JSON text inserted verbatim where a value goes (numbers JSON.stringify cannot write, deep nests). */
class Raw {
  constructor(readonly text: string) {}
}

function toJson(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

const KB64 = 64 * 1024;
const WEIRD_STRINGS: readonly string[] = [
  "",
  " ",
  "a".repeat(300),
  "x".repeat(5000),
  "a\u0000b",
  "\u0000",
  "\ud800",
  "a\udc00b",
  "\ud83d",
  "\u202eevil\u202c",
  "שלום عربى",
  "😀👩‍👩‍👧",
  "e\u0301\u0301\u0301",
  "\u200b\u200d\ufeff",
  "\u2028\u2029",
  "\uffff\ufffe",
  "\u{10ffff}",
  "ＡＢＣ",
  "İı ß",
  "<script>alert(1)</script>",
  '\'; drop table "Workspace";--',
  "%00",
  "%ED%A0%80",
  "../../etc/passwd",
  `\${7*7}{{7*7}}`,
  "null",
  "__proto__",
  '\r\n\t\\"',
  "=cmd|' /C calc'!A0",
  "too_expensive",
  "cancel_evt_ok",
  "2026-11-27T10:00:00Z",
  "2026-13-45T99:99:99Z",
  "0000-00-00T00:00:00+00:00",
  "-271821-04-20T00:00:00Z",
];
const WEIRD_NUMBERS: readonly (number | Raw)[] = [
  0,
  -1,
  1.5,
  -0.0001,
  1e308,
  Number.MAX_SAFE_INTEGER,
  new Raw("-0"),
  new Raw("1e999"),
  new Raw("-1e999"),
  new Raw("123456789012345678901234567890"),
  new Raw("1e-400"),
  new Raw("0.1e1"),
];

function deepArray(depth: number): Raw {
  return new Raw(`${"[".repeat(depth)}${"]".repeat(depth)}`);
}
function deepObject(depth: number): Raw {
  return new Raw(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
}

function weirdValue(rng: Rng): unknown {
  switch (rng.int(10)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(WEIRD_STRINGS);
    case 3:
      return rng.pick(WEIRD_NUMBERS);
    case 4:
      return rng.pick([true, false, null]);
    case 5:
      return rng.pick([[], [1, "a", null], Array.from({ length: 5000 }, (_, i) => i), [{}]]);
    case 6:
      return rng.pick([
        {},
        { a: 1 },
        { "": "" },
        { "\u0000": 1 },
        { "\ud800": "x" },
        new Raw('{"__proto__":1}'),
      ]);
    case 7:
      return rng.pick([deepArray(2000), deepObject(1000), deepArray(20)]);
    case 8:
      return rng.pick(["a".repeat(KB64 + 10), "é".repeat(40_000), "\u0000".repeat(100)]);
    default:
      return rng.pick(WEIRD_STRINGS) + rng.pick(WEIRD_STRINGS);
  }
}

/** Every path (of keys) into a JSON-like value, the root included. */
function pathsOf(v: unknown, prefix: string[] = []): string[][] {
  const out = [prefix];
  if (v && typeof v === "object" && !(v instanceof Raw)) {
    for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...prefix, k]));
  }
  return out;
}

function setAt(v: unknown, p: string[], value: unknown, remove = false): unknown {
  if (p.length === 0) return value;
  const copy = Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) };
  const [head, ...rest] = p as [string, ...string[]];
  const c = copy as Record<string, unknown>;
  if (rest.length === 0 && remove) delete c[head];
  else
    Object.defineProperty(c, head, {
      value: setAt(c[head], rest, value, remove),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

const POISON: readonly string[] = [
  "\u0000",
  "a\u0000",
  "\ud800",
  "x\udfff",
  "\ud83d",
  "\u202e",
  "😀",
  "\u0000\ud800",
  "\ufeff",
  "%00",
];

/** A documented body, valid but for strings Postgres cannot store (or odd unicode) at one field or key. */
function poisonBody(rng: Rng, base: Record<string, unknown>): unknown {
  const strings = pathsOf(base).filter(
    (p) =>
      p.length && typeof p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], base) === "string",
  );
  const poison = rng.pick(POISON);
  if (rng.chance(0.25) && "metadata" in base) {
    return setAt(
      base,
      ["metadata", rng.chance(0.5) ? `k${poison}` : "note"],
      rng.chance(0.5) ? `v${poison}` : "v",
    );
  }
  const p = rng.pick(strings);
  const old = p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], base) as string;
  return setAt(base, p, rng.chance(0.5) ? `${old}${poison}` : poison);
}

/** A documented body with one or a few fields broken (wrong type, weird value, missing, extra). */
function mutateBody(rng: Rng, base: Record<string, unknown>): unknown {
  let body: unknown = base;
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) {
    const paths = pathsOf(body);
    const p = rng.pick(paths);
    switch (rng.int(6)) {
      case 0:
        if (p.length) body = setAt(body, p, undefined, true);
        break;
      case 1:
        body = setAt(
          body,
          [
            ...p.slice(0, -1),
            rng.pick(["extra", "tenure", "\u0000k", "\ud800", "k".repeat(200), "__proto__", "constructor"]),
          ],
          weirdValue(rng),
        );
        break;
      default:
        body = setAt(body, p, weirdValue(rng));
    }
  }
  return body;
}

const MALFORMED_JSON: readonly string[] = [
  "{",
  '{"eventId":',
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  "[1,]",
  "\ufeff{}",
  "nul",
  "tru",
  '"unterminated',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '{"a":"\u0000"}',
  '{"a":"\\ud800"}',
  '{"a":"\\u00"}',
  '{"a":"\\x41"}',
  "NaN",
  "Infinity",
  "[]",
  "null",
  "0",
  '"just a string"',
  "   ",
  "\u0000",
  '{"__proto__":{"admin":true}}',
  '{"a":1,"a":2}',
  `${"[".repeat(40_000)}${"]".repeat(20_000)}`,
  `${"[".repeat(KB64)}${"]".repeat(KB64)}`,
  `{"pad":"${"a".repeat(KB64)}"}`,
];

const CONTENT_TYPES: readonly (string | undefined)[] = [
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON; CHARSET=UTF-8",
  'application/json; charset="utf-16le"',
  "application/json; charset=latin1",
  "application/json;",
  "application/json, text/plain",
  "application/json-patch+json",
  "application/vnd.api+json",
  "text/plain",
  "text/plain; charset=utf-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "multipart/form-data",
  "application/octet-stream",
  "application/xml",
  "*/*",
  "",
  "; ;",
];

/** Bodies that are not JSON at all, with the content type they claim. */
function oddBody(rng: Rng, actionIds: readonly string[]): { ct?: string; body: Buffer } {
  const mp = (boundary: string, parts: [string, string][], close = true) =>
    Buffer.from(
      parts
        .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join("") + (close ? `--${boundary}--\r\n` : ""),
    );
  const id = actionIds.length && rng.chance(0.6) ? rng.pick(actionIds) : randomHex(rng, 42);
  switch (rng.int(16)) {
    case 0:
      return { ct: "multipart/form-data; boundary=x", body: Buffer.from("a=b") };
    case 1:
      return { ct: "multipart/form-data", body: Buffer.from("--x\r\n\r\n") };
    case 2:
      return { ct: "multipart/form-data; boundary=x", body: mp("x", [["a", "b"]], false) };
    case 3:
      return { ct: "multipart/form-data; boundary=x", body: mp("x", [[`$ACTION_ID_${id}`, ""]]) };
    case 4:
      return { ct: "multipart/form-data; boundary=x", body: mp("x", [[`$ACTION_ID_${id}`, ""]], false) };
    case 5:
      return {
        ct: "multipart/form-data; boundary=x",
        body: mp("x", [
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", rng.pick([`{"id":"${id}","bound":"$@1"}`, "{", "[]", "null"])],
          ["$ACTION_1:1", rng.pick(["[]", "{", '["$Q0"]', "[1,2,3]"])],
          ["$ACTION_KEY", "k"],
        ]),
      };
    case 6:
      return { ct: "multipart/form-data; boundary=x", body: mp("x", [["$ACTION_ID_%ED%A0%80", ""]]) };
    case 7:
      return { ct: "multipart/form-data; boundary=\u00ff", body: Buffer.from("--\u00ff\r\n", "latin1") };
    case 8:
      return {
        ct: "application/x-www-form-urlencoded",
        body: Buffer.from(rng.pick(["a=b", "%", "%ZZ=%ED%A0%80", "a".repeat(KB64 * 2)])),
      };
    case 9:
      return { ct: "text/plain", body: Buffer.from(rng.pick(['["$K1"]', "hello", "{"])) };
    case 10:
      return { ct: undefined, body: Buffer.from(rng.pick(["{}", "a=b", ""])) };
    case 11:
      return { ct: "application/octet-stream", body: randomBytesSeeded(rng, 256) };
    case 12:
      return {
        ct: "multipart/form-data; boundary=x",
        body: Buffer.concat([
          Buffer.from('--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n'),
          Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]),
          Buffer.from("\r\n--x--\r\n"),
        ]),
      };
    case 13:
      return {
        ct: "multipart/form-data; boundary=x",
        body: mp("x", [
          ["0", '["$K1"]'],
          [`1_$ACTION_ID_${id}`, ""],
        ]),
      };
    case 14:
      return {
        ct: "multipart/form-data; boundary=x",
        body: mp("x", [
          [`$ACTION_ID_${id}`, ""],
          ["a".repeat(300), "\u0000"],
          ["workspaceId", "\ud800"],
        ]),
      };
    default:
      return {
        ct: "multipart/form-data; boundary=x",
        body: mp(
          "x",
          Array.from({ length: 2000 }, (_, i) => [`f${i}`, "v"]),
        ),
      };
  }
}

/** encodeURIComponent that never throws: a lone surrogate goes as the bytes of U+FFFD. */
function pct(s: string): string {
  return [...Buffer.from(s, "utf8")]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

function randomHex(rng: Rng, n: number) {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[rng.int(16)];
  return s;
}
function randomBytesSeeded(rng: Rng, n: number) {
  return Buffer.from(Array.from({ length: n }, () => rng.int(256)));
}

/** Path segments that are valid URLs but odd ids: malformed UTF-8, dot segments, NUL, huge. */
const ODD_SEGMENTS: readonly string[] = [
  "%",
  "%ED%A0%80",
  "%ED%BF%BF",
  "%C0%AE%C0%AE",
  "%FF",
  "%E2%80%AE",
  "%F0%9F%98%80",
  "..",
  ".",
  "%2e%2e",
  "%2E",
  "%00",
  "a%00b",
  "%2F",
  "%5C",
  "%25",
  "a%",
  "%zz",
  "%0A",
  "%0D%0A",
  "%20",
  "%22%3E%3Cscript%3E",
  "a".repeat(300),
  `cs_${"a".repeat(300)}`,
  "x;y",
  "*",
  "~",
  "%3F",
  "export",
  "cancel_evt_missing",
  "cs_0000000000",
  "wd_nope",
];

// ───────────────────────────── the app under test ─────────────────────────────

type Target = {
  /** Where TCP goes (loopback). */
  connect: { host: string; port: number };
  appHost: string;
  cancelHost: string;
  origin: string;
  healthToken?: string;
  cronSecret?: string;
  stripeWebhookSecret?: string;
  stop: () => Promise<void>;
  /** The fuzzer started this app from the build in .next. */
  ownBuild: boolean;
  /** Error lines the app wrote to stderr (only when the fuzzer started it). */
  errorLog: string[];
};

async function waitForHealth(
  t: Pick<Target, "connect" | "appHost">,
  child?: ChildProcess,
  timeoutMs = 90_000,
) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const r = await send(t, { method: "GET", path: "/api/health", headers: { host: t.appHost } }).catch(
      () => null,
    );
    if (r && r.status === 200) return;
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error("the app did not answer GET /api/health");
}

async function startApp(port: number, appLog?: string): Promise<Target & { databaseUrl: string }> {
  // NEXT_DIST_DIR: a build in another folder (next.config.ts reads it too, and next start inherits it).
  if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    throw new Error("no production build: run `npx next build` first (the fuzzer builds nothing itself)");
  }
  const { createMigratedDatabase, dropDatabase, startTestServer, uniqueName } = await import(
    "../tests/helpers/test-database"
  );
  const { runScript } = await import("../tests/helpers/run-script");
  const { startFakeStripeApp } = await import("../tests/helpers/fake-stripe-app");

  // One key for the seed, the fuzzer's own writes and the server: signing secrets are encrypted with it.
  process.env.ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  const server = await startTestServer();
  const name = uniqueName("rb_fuzz");
  const stripeWebhookSecret = `whsec_fuzz_${randomBytes(8).toString("hex")}`;
  const fakeStripe = await startFakeStripeApp({
    webhookUrl: `http://127.0.0.1:${port}/api/stripe/webhook`,
    webhookSecret: stripeWebhookSecret,
  });
  let child: ChildProcess | undefined;
  const cleanup = async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child?.once("exit", r));
    }
    await fakeStripe.close();
    await dropDatabase(server.adminUrl, name).catch(() => {});
    await server.stop();
  };
  try {
    const databaseUrl = await createMigratedDatabase(server.adminUrl, name);
    const seeded = await runScript("scripts/db.ts", ["seed"], { DATABASE_URL: databaseUrl });
    if (seeded.code !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);

    const healthToken = `fuzz-health-${randomBytes(8).toString("hex")}`;
    const cronSecret = `fuzz-cron-${randomBytes(8).toString("hex")}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ["REDIS_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "SMTP_URL"])
      delete env[k];
    Object.assign(env, {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      APP_URL: `http://localhost:${port}`,
      NEXTAUTH_URL: `http://localhost:${port}`,
      CANCEL_URL: `http://cancel.localhost:${port}`,
      NEXTAUTH_SECRET: `fuzz-nextauth-${randomBytes(16).toString("hex")}`,
      HEALTH_TOKEN: healthToken,
      CRON_SECRET: cronSecret,
      RATE_LIMIT_PER_MINUTE: "100000000",
      SIGNIN_LIMIT_PER_IP: "100000000",
      SIGNIN_GLOBAL_LIMIT_PER_MINUTE: "100000000",
      // No SMTP here: sign-in links go to the (ignored) log, as in a local run.
      EMAIL_LOG_LINKS: "true",
      STRIPE_SECRET_KEY: "sk_test_fuzz",
      STRIPE_API_BASE: fakeStripe.url,
      STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
      STRIPE_PRICE_CORE: "price_core",
      STRIPE_PRICE_ADVANCED: "price_advanced",
      // Endpoints the fuzzer registers point at 127.0.0.1 (a closed port).
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      LOG_LEVEL: "warn",
    });
    const errorLog: string[] = [];
    child = spawn(
      process.execPath,
      [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
      { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] },
    );
    let pending = "";
    const logFile = appLog ? createWriteStream(appLog) : undefined;
    child.stderr?.on("data", (d: Buffer) => {
      logFile?.write(d);
      pending += d.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        let level = 0;
        try {
          level = (JSON.parse(line) as { level?: number }).level ?? 0;
        } catch {
          // Next's own output (not JSON): its errors start with ⨯ or name an Error.
          if (/⨯|Error|error/.test(line)) level = 50;
        }
        if (level >= 50) errorLog.push(line.slice(0, 2000));
      }
    });
    const target = {
      connect: { host: "127.0.0.1", port },
      appHost: `localhost:${port}`,
      cancelHost: `cancel.localhost:${port}`,
      origin: `http://localhost:${port}`,
      healthToken,
      cronSecret,
      stripeWebhookSecret,
      ownBuild: true,
      errorLog,
      databaseUrl,
      stop: cleanup,
    };
    await waitForHealth(target, child);
    return target;
  } catch (e) {
    await cleanup();
    throw e;
  }
}

// ───────────────────────────── HTTP ─────────────────────────────

type Req = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Send without Content-Length (chunked). */
  chunked?: boolean;
};
type Res = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(t: Pick<Target, "connect">, req: Req, timeoutMs = 60_000): Promise<Res> {
  return new Promise((resolve, reject) => {
    const body =
      req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    const headers: Record<string, string> = { ...req.headers };
    if (body && !req.chunked) headers["content-length"] = String(body.length);
    const r = http.request(
      { ...t.connect, method: req.method, path: req.path, headers, agent, setHost: !("host" in headers) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size <= 256 * 1024) chunks.push(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on("error", reject);
    r.end(body);
  });
}

// ───────────────────────────── data the fuzzer makes to reach deep code ─────────────────────────────

type Fixture = {
  keys: { advanced: string; core: string; expired: string; demo: string };
  workspaceId: string;
  eventIds: string[];
  sandboxEventId: string;
  sessionIds: string[];
  linkTokens: string[];
  deliveryIds: string[];
  sessionCookie: string;
  csrf: { token: string; cookie: string };
  actionIds: string[];
  /** Action id → a page that renders it (from the build's manifest; else the settings page). */
  actionPages: Record<string, string>;
  setupRequests: number;
};

async function makeFixture(t: Target): Promise<Fixture> {
  const { createWorkspace } = await import("../lib/domain/workspaces/create-workspace");
  const { createWebhookEndpoint } = await import("../lib/webhooks/endpoints");
  const { db } = await import("../lib/db");
  let setupRequests = 0;
  const api = async (method: string, p: string, key: string, body?: unknown) => {
    setupRequests++;
    const res = await send(t, {
      method,
      path: p,
      headers: {
        host: t.appHost,
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300)
      throw new Error(`setup ${method} ${p} → ${res.status} ${res.body.toString().slice(0, 300)}`);
    return JSON.parse(res.body.toString() || "null") as Record<string, unknown>;
  };

  const user = await db.user.create({
    data: { email: `fuzz-${randomBytes(4).toString("hex")}@example.com`, name: "Fuzz" },
  });
  const returnUrls = ["https://app.example.com/account"];
  const advanced = await createWorkspace({
    name: "Fuzz Advanced",
    plan: "advanced",
    subscription: "active",
    returnUrls,
    ownerUserId: user.id,
  });
  const core = await createWorkspace({ name: "Fuzz Core", plan: "core", subscription: "active", returnUrls });
  const expired = await createWorkspace({
    name: "Fuzz Expired",
    plan: "advanced",
    subscription: "expired",
    returnUrls,
  });
  const demo = await createWorkspace({ name: "Fuzz Demo", plan: "advanced", isDemo: true, returnUrls });
  await createWebhookEndpoint(advanced.workspace.id, { url: "http://127.0.0.1:9/fuzz-hook" });

  const sessionToken = randomBytes(24).toString("hex");
  await db.session.create({
    data: { sessionToken, userId: user.id, expires: new Date(Date.now() + 86_400_000) },
  });

  const key = advanced.apiKey.key;
  const eventIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    const id = `fuzz_evt_${i}`;
    await api("POST", "/api/v1/cancellations", key, {
      eventId: id,
      userId: `cus_${i}`,
      reasonKey: "too_expensive",
      offer: { type: "discount", accepted: i % 2 === 0, label: "20% off" },
      context: { plan: "pro", mrr: 49 + i, tenureDays: 30 * i },
      metadata: { source: "fuzz", n: i },
      ...(i === 3 ? { outcome: "churned" } : {}),
    });
    eventIds.push(id);
  }
  await api("PATCH", "/api/v1/cancellations/fuzz_evt_0", key, { outcome: "recovered" });
  await api("POST", "/api/v1/cancellations", key, {
    eventId: "fuzz_sandbox",
    environment: "sandbox",
    reasonKey: "too_expensive",
  });
  const sessionIds: string[] = [];
  const linkTokens: string[] = [];
  // Links in each compliance path: standard, §312k (German), France, a withdrawal; the last is
  // confirmed below so its receipt page and PDF exist.
  const linkBodies: Record<string, unknown>[] = [
    { userId: "cus_link_0", context: { plan: "pro", mrr: 49, tenureDays: 100 } },
    { userId: "cus_link_1", context: { plan: "pro", mrr: 49, tenureDays: 100 } },
    { userId: "cus_link_2", context: { plan: "pro", mrr: 49, tenureDays: 100 } },
    {
      userId: "cus_link_de",
      locale: "de",
      customer: { country: "DE", name: "Jürgen Weiß" },
      subscription: { reference: "ABO-1", description: "Pro", endsAt: "2027-01-31T00:00:00Z" },
    },
    { userId: "cus_link_fr", customer: { country: "FR" }, locale: "fr-CA" },
    { userId: "cus_link_wd", intent: "withdrawal", customer: { country: "US", region: "CA" } },
  ];
  for (const body of linkBodies) {
    const link = await api("POST", "/api/v1/cancel-link", key, body);
    sessionIds.push(String(link.session_id));
    linkTokens.push(new URL(String(link.url)).pathname.split("/")[2]!);
  }
  // The withdrawal, walked as a customer would: its page, "withdraw", "confirm", then its receipt.
  const withdrawn = linkTokens.at(-1)!;
  setupRequests++;
  await send(t, { method: "GET", path: `/s/${withdrawn}`, headers: { host: t.cancelHost } });
  for (const form of ["action=withdraw", "action=confirm"]) {
    setupRequests++;
    await send(t, {
      method: "POST",
      path: `/s/${withdrawn}/submit`,
      headers: { host: t.cancelHost, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
  }
  setupRequests++;
  const receipt = await send(t, {
    method: "GET",
    path: `/s/${withdrawn}/receipt.pdf`,
    headers: { host: t.cancelHost },
  });
  if (receipt.status !== 200)
    throw new Error(`setup: the withdrawal's receipt.pdf answered ${receipt.status}`);
  // Walk one session to its offer step, so the later steps render for real.
  setupRequests++;
  await send(t, {
    method: "POST",
    path: `/s/${linkTokens[0]}/submit`,
    headers: { host: t.cancelHost, "content-type": "application/x-www-form-urlencoded" },
    body: "action=reason&reasonKey=too_expensive&reasonText=fuzz",
  });
  const deliveryIds = (
    await db.webhookDelivery.findMany({ where: { workspaceId: advanced.workspace.id }, select: { id: true } })
  ).map((d) => d.id);

  // next-auth's CSRF pair, for sign-in posts that get past the CSRF check.
  setupRequests++;
  const csrfRes = await send(t, { method: "GET", path: "/api/auth/csrf", headers: { host: t.appHost } });
  const csrfToken = String((JSON.parse(csrfRes.body.toString()) as { csrfToken?: string }).csrfToken ?? "");
  const setCookie = ([] as string[]).concat(csrfRes.headers["set-cookie"] ?? []);
  const csrfCookie = setCookie.map((c) => c.split(";")[0]).join("; ");

  // Server action ids, from the forms the dashboard renders (progressive enhancement carries them).
  const sessionCookie = `next-auth.session-token=${sessionToken}; rb_workspace=${advanced.workspace.id}`;
  const actionIds = new Set<string>();
  for (const page of ["/dashboard", "/dashboard/settings", "/dashboard/billing", "/dashboard/new"]) {
    setupRequests++;
    const res = await send(t, {
      method: "GET",
      path: page,
      headers: { host: t.appHost, cookie: sessionCookie },
    });
    for (const m of res.body.toString().matchAll(/\$ACTION_ID_([0-9a-f]{16,})/g)) actionIds.add(m[1]!);
    for (const m of res.body.toString().matchAll(/(?:"|&quot;)id(?:"|&quot;):(?:"|&quot;)([0-9a-f]{40,})/g)) {
      actionIds.add(m[1]!);
    }
  }
  // The build's own list, when the fuzzer runs that build: every action, also those no page rendered.
  const manifest = path.join(root, ".next", "server", "server-reference-manifest.json");
  const actionPages: Record<string, string> = {};
  if (t.ownBuild && existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, "utf8")) as {
      node?: Record<string, { workers?: Record<string, unknown> }>;
    };
    for (const [id, entry] of Object.entries(m.node ?? {})) {
      actionIds.add(id);
      const worker = Object.keys(entry.workers ?? {})[0];
      if (worker) {
        actionPages[id] = worker
          .replace(/^app/, "")
          .replace(/\/page$/, "")
          .replace("[token]", "inv_fuzz");
      }
    }
  }

  return {
    keys: { advanced: key, core: core.apiKey.key, expired: expired.apiKey.key, demo: demo.apiKey.key },
    workspaceId: advanced.workspace.id,
    eventIds,
    sandboxEventId: "fuzz_sandbox",
    sessionIds,
    linkTokens,
    deliveryIds,
    sessionCookie,
    csrf: { token: csrfToken, cookie: csrfCookie },
    actionIds: [...actionIds].sort(),
    actionPages,
    setupRequests,
  };
}

// ───────────────────────────── cases ─────────────────────────────

type Case = Req & { label: string };
type Gen = (rng: Rng, f: Fixture, t: Target) => Case;

const ODD_METHODS = [
  "PUT",
  "DELETE",
  "OPTIONS",
  "HEAD",
  "PATCH",
  "POST",
  "GET",
  "PROPFIND",
  "FOO",
  "M-SEARCH",
  "PURGE",
];

function authHeaders(rng: Rng, f: Fixture): Record<string, string> {
  if (rng.chance(0.5)) return { authorization: `Bearer ${f.keys.advanced}` };
  switch (rng.int(14)) {
    case 0:
      return {};
    case 1:
      return { authorization: "Bearer" };
    case 2:
      return { authorization: "Bearer rb_live_nope" };
    case 3:
      return { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` };
    case 4:
      return { authorization: `Bearer ${f.keys.core}` };
    case 5:
      return { authorization: `Bearer ${f.keys.expired}` };
    case 6:
      return { authorization: `Bearer ${f.keys.demo}` };
    case 7:
      return { authorization: `Bearer ${f.keys.advanced}`, "x-api-key": f.keys.core };
    case 8:
      return { authorization: `Bearer ${"ÿ".repeat(50)}` };
    case 9:
      return { authorization: `Bearer ${f.keys.advanced}${"a".repeat(4000)}` };
    case 10:
      return { "x-api-key": f.keys.advanced };
    default:
      return { authorization: `Bearer ${f.keys.advanced}` };
  }
}

function seg(rng: Rng, valid: readonly string[]): string {
  return valid.length && rng.chance(0.35) ? pct(rng.pick(valid)) : rng.pick(ODD_SEGMENTS);
}

const QUERY_KEYS = [
  "environment",
  "outcome",
  "reasonKey",
  "userId",
  "from",
  "to",
  "limit",
  "cursor",
  "status",
  "endpointId",
  "range",
  "plan",
  "page",
  "error",
  "callbackUrl",
  "q",
  "source",
  "tab",
  "env",
  "token",
  "email",
];
const QUERY_VALUES = [
  "prod",
  "sandbox",
  "pending",
  "churned",
  "-1",
  "0",
  "1",
  "100",
  "101",
  "1e999",
  "abc",
  "NaN",
  "2026-11-27T10:00:00Z",
  "2026-11-27",
  "2026-02-30T00:00:00Z",
  "%",
  "%ED%A0%80",
  "%00",
  "a%00b",
  "eyJhIjoxfQ",
  "!!!!",
  "a".repeat(300),
  "%E2%80%AE",
  "..%2F..%2F",
  "%F0%9F%98%80",
  "x".repeat(3000),
  "",
  "7d",
  "30d",
  "all",
  "custom",
];

function query(rng: Rng): string {
  const n = rng.int(4);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.chance(0.1)
      ? rng.pick(["%", "limit[]", "a%00", "__proto__", "%ED%A0%80"])
      : rng.pick(QUERY_KEYS);
    parts.push(rng.chance(0.1) ? k : `${k}=${rng.pick(QUERY_VALUES)}`);
  }
  return parts.length ? `?${parts.join("&")}` : rng.pick(["", "?", "?&&", "?=x"]);
}

function jsonBodyCase(
  rng: Rng,
  f: Fixture,
  base: Record<string, unknown>,
): { headers: Record<string, string>; body: Buffer | string } {
  let r = rng.int(12);
  if (r < 3) return { headers: { "content-type": "application/json" }, body: toJson(poisonBody(rng, base)) };
  if (r < 4) return { headers: { "content-type": "application/json" }, body: toJson(base) };
  r -= 2;
  if (r < 5) {
    return { headers: { "content-type": "application/json" }, body: toJson(mutateBody(rng, base)) };
  }
  if (r < 7) return { headers: { "content-type": "application/json" }, body: rng.pick(MALFORMED_JSON) };
  if (r === 7) {
    const ct = rng.pick(CONTENT_TYPES);
    return {
      headers: ct === undefined ? {} : { "content-type": ct },
      body: toJson(rng.chance(0.5) ? base : mutateBody(rng, base)),
    };
  }
  if (r === 8) {
    // Bytes that are not UTF-8 inside a JSON string.
    const bytes = rng.pick([[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00]]);
    const field = rng.pick(Object.keys(base));
    const prefix = toJson({ ...base, [field]: "MARK" }).split('"MARK"');
    return {
      headers: { "content-type": "application/json" },
      body: Buffer.concat([Buffer.from(`${prefix[0]}"a`), Buffer.from(bytes), Buffer.from(`b"${prefix[1]}`)]),
    };
  }
  const odd = oddBody(rng, f.actionIds);
  return { headers: odd.ct === undefined ? {} : { "content-type": odd.ct }, body: odd.body };
}

const createBase = (rng: Rng): Record<string, unknown> => ({
  eventId: `fz_${rng.int(1_000_000)}`,
  userId: "cus_fuzz",
  reasonKey: "too_expensive",
  outcome: "churned",
  offer: { type: "discount", accepted: false, label: "20% off" },
  reasonText: "fuzz",
  context: { plan: "pro", mrr: 49, tenureDays: 42 },
  occurredAt: "2026-11-27T10:00:00Z",
  metadata: { a: "b", n: 1, t: true, z: null },
  environment: "prod",
});
const patchBase = (): Record<string, unknown> => ({
  environment: "prod",
  outcome: "churned",
  effectiveAt: "2026-11-27T10:00:00Z",
  metadata: { a: "b" },
});
const linkBase = (): Record<string, unknown> => ({
  userId: "cus_fuzz",
  returnUrl: "https://app.example.com/account",
  environment: "prod",
  context: { plan: "pro", mrr: 49, tenureDays: 42 },
  metadata: { a: "b" },
  locale: "de-AT",
  customer: { email: "jo@example.com", name: "Jo", country: "DE", region: "BY" },
  subscription: { reference: "ABO-4711", description: "Pro", endsAt: "2027-01-31T00:00:00Z" },
  intent: "cancel",
});

const api = (
  rng: Rng,
  f: Fixture,
  t: Target,
  label: string,
  method: string,
  p: string,
  base?: Record<string, unknown>,
): Case => {
  const body = base ? jsonBodyCase(rng, f, base) : undefined;
  return {
    label,
    method,
    path: p,
    headers: { host: t.appHost, ...authHeaders(rng, f), ...(body?.headers ?? {}) },
    body: body?.body,
  };
};

const PAGE_PATHS = (f: Fixture, rng: Rng): string[] => [
  "/",
  "/login",
  "/login/check-email",
  "/dashboard",
  "/dashboard/analytics",
  "/dashboard/billing",
  "/dashboard/docs",
  "/dashboard/events",
  `/dashboard/events/${seg(rng, f.eventIds)}`,
  "/dashboard/new",
  "/dashboard/sessions",
  `/dashboard/sessions/${seg(rng, f.sessionIds)}`,
  "/dashboard/settings",
  "/dashboard/analytics/export",
  `/invite/${seg(rng, [`inv_${"a".repeat(20)}`])}`,
  `/${rng.pick(ODD_SEGMENTS)}`,
  "/s",
  `/s/${seg(rng, f.linkTokens)}`,
  "/_next/static/%ED%A0%80",
  "/favicon.ico",
  "/robots.txt",
];

function pagePost(rng: Rng, f: Fixture, t: Target, host: string, p: string, label: string): Case {
  const headers: Record<string, string> = { host };
  if (rng.chance(0.6)) headers.cookie = f.sessionCookie;
  if (rng.chance(0.7))
    headers.origin = rng.pick([
      t.origin,
      t.origin,
      `http://${host}`,
      "null",
      "http://evil.example",
      "not a url",
      "http://[::1",
      "%",
    ]);
  if (rng.chance(0.5)) {
    headers["next-action"] =
      f.actionIds.length && rng.chance(0.6)
        ? rng.pick(f.actionIds)
        : rng.pick([randomHex(rng, 42), "x", "%", "a".repeat(2000), "\u00ff", "00"]);
  }
  if (rng.chance(0.2))
    headers["next-router-state-tree"] = rng.pick([
      "%5B%5D",
      "garbage",
      "%ED%A0%80",
      "[[[[",
      encodeURIComponent('["",{"children":["__PAGE__",{}]},null,null,true]'),
    ]);
  if (rng.chance(0.1)) headers.rsc = "1";
  let body: Buffer | string;
  if (headers["next-action"] && rng.chance(0.5)) {
    // A fetch action's reply encoding, broken in various ways.
    headers["content-type"] = rng.pick(["text/plain;charset=UTF-8", "text/plain", "application/json"]);
    body = rng.pick([
      '["$K1"]',
      "[]",
      "[1,2,3]",
      '"x"',
      "{",
      '[{"a":"$@1"}]',
      '["$Q0"]',
      '[null,"$T"]',
      `[${"[".repeat(5000)}${"]".repeat(5000)}]`,
      "\u0000",
      '["\\ud800"]',
      `["${"a".repeat(70_000)}"]`,
    ]);
  } else {
    const odd = oddBody(rng, f.actionIds);
    if (odd.ct !== undefined) headers["content-type"] = odd.ct;
    body = odd.body;
  }
  return { label, method: "POST", path: p, headers, body, chunked: rng.chance(0.15) };
}

function submitBody(rng: Rng): { ct?: string; body: string | Buffer } {
  const v = () => pct(rng.pick(WEIRD_STRINGS));
  switch (rng.int(7)) {
    case 0:
      return {
        ct: "application/x-www-form-urlencoded",
        body: `action=reason&reasonKey=${rng.chance(0.5) ? "too_expensive" : v()}&reasonText=${rng.chance(0.2) ? "a".repeat(70_000) : v()}`,
      };
    case 1:
      return {
        ct: "application/x-www-form-urlencoded",
        body: `action=${rng.pick(["accept", "decline", "confirm", "reason", "", "%ED%A0%80", "ACCEPT"])}`,
      };
    case 2:
      return {
        ct: "application/x-www-form-urlencoded",
        body: `action=reason&reasonKey=${v()}&reasonKey=${v()}&${"x".repeat(10)}=${v()}`,
      };
    case 3:
      return { ct: "application/json", body: '{"action":"confirm"}' };
    case 4:
      // §312k's confirmation fields, the other paths' buttons and the survey after the receipt.
      return {
        ct: "application/x-www-form-urlencoded",
        body: rng.pick([
          `action=confirm&terminationType=${rng.pick(["ordinary", "extraordinary", v()])}&terminationReason=${v()}&name=${v()}&email=${rng.pick(["a@example.com", "not-an-email", v(), "a".repeat(400)])}`,
          `action=${rng.pick(["cancel_now", "withdraw", "survey"])}&reasonKey=${rng.chance(0.5) ? "too_expensive" : v()}&reasonText=${v()}`,
          `action=accept&months=${rng.pick(["1", "0", "13", "-1", "99", v()])}`,
          `action=confirm&page=${rng.pick(["reason", "confirm", "receipt", v()])}`,
        ]),
      };
    default:
      return oddBody(rng, []);
  }
}

function signedStripe(rng: Rng, secret: string): { body: string; header: string } {
  const object = rng.pick<unknown>([
    {},
    { id: "sub_nope", object: "subscription", customer: "cus_nope", status: "active" },
    null,
    "x",
    { customer: 1, metadata: { workspaceId: "\u0000" } },
  ]);
  const type = rng.pick([
    "customer.subscription.updated",
    "checkout.session.completed",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.deleted",
    "unknown.event",
    "\u0000",
  ]);
  const body = toJson(
    rng.chance(0.8)
      ? { id: `evt_fuzz_${rng.int(1e9)}`, object: "event", type, created: 1, data: { object } }
      : mutateBody(rng, { id: "evt_x", type, data: { object } }),
  );
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
  return { body, header: `t=${ts},v1=${sig}` };
}

const FORM_FIELDS = [
  "workspaceId",
  "name",
  "returnUrl",
  "defaultReturnUrl",
  "keyId",
  "origin",
  "key",
  "label",
  "reasonKey",
  "enabled",
  "direction",
  "type",
  "terms",
  "plans",
  "minMrr",
  "maxMrr",
  "minTenureDays",
  "maxTenureDays",
  "offerId",
  "timezone",
  "weeklyReport",
  "accentColor",
  "removeLogo",
  "email",
  "role",
  "membershipId",
  "invitationId",
  "url",
  "eventTypes",
  "description",
  "endpointId",
  "deliveryId",
  "plan",
  "token",
  "termsText",
  "discountKind",
  "percentOff",
  "amountOff",
  "currency",
  "durationKind",
  "durationMonths",
  "maxMonths",
  "toPlan",
  "priceLabel",
  "days",
  "offerCooldownDays",
  "experimentId",
  "variant",
  "variants.0.key",
  "variants.0.offerId",
  "variants.0.weight",
  "variants.1.key",
  "variants.1.offerId",
  "variants.1.weight",
];
// Never a URL with a host name in it: a webhook URL would be resolved. Loopback literals only.
const FORM_VALUES = [
  ...WEIRD_STRINGS,
  ...POISON,
  "true",
  "false",
  "on",
  "up",
  "down",
  "discount",
  "pause",
  "admin",
  "owner",
  "member",
  "viewer",
  "Europe/Berlin",
  "Mars/Olympus",
  "#4f46e5",
  "#zzz",
  "advanced",
  "core",
  "10",
  "-5",
  "1e999",
  "fuzz@example.com",
  "https://127.0.0.1/x",
  "http://127.0.0.1:9/x",
  "too_expensive",
  "cancellation.created",
];

const PLAUSIBLE: Record<string, string> = {
  name: "Fuzz form",
  returnUrl: "https://app.example.com/account",
  defaultReturnUrl: "https://app.example.com/account",
  origin: "https://app.example.com",
  key: "fuzz_reason",
  label: "Fuzz label",
  reasonKey: "too_expensive",
  enabled: "true",
  direction: "up",
  type: "discount",
  termsText: "20% off for 3 months",
  discountKind: "percent",
  percentOff: "20",
  amountOff: "10",
  currency: "USD",
  durationKind: "months",
  durationMonths: "3",
  maxMonths: "3",
  toPlan: "lite",
  priceLabel: "$9/month",
  days: "14",
  offerCooldownDays: "90",
  "variants.0.key": "holdout",
  "variants.0.offerId": "none",
  "variants.0.weight": "1",
  "variants.1.key": "b",
  "variants.1.weight": "1",
  plans: "pro",
  minMrr: "10",
  maxMrr: "100",
  minTenureDays: "0",
  maxTenureDays: "365",
  timezone: "Europe/Berlin",
  weeklyReport: "on",
  accentColor: "#4f46e5",
  email: "fuzz-invitee@example.com",
  role: "member",
  url: "http://127.0.0.1:9/fuzz-hook",
  eventTypes: "cancellation.created",
  description: "fuzz",
  plan: "core",
};

/** A server action with well-formed framing and fuzzed fields: as a form post (MPA) or via fetch. */
function serverActionCase(rng: Rng, f: Fixture, t: Target): Case {
  const id = f.actionIds.length ? rng.pick(f.actionIds) : randomHex(rng, 42);
  const page = f.actionPages[id] ?? "/dashboard/settings";
  const fields: [string, string | Buffer][] = [];
  // Every field any form has (so each action finds its own), most plausible, some broken.
  for (const name of FORM_FIELDS) {
    if (rng.chance(0.2)) continue;
    const plausible = name === "workspaceId" ? f.workspaceId : PLAUSIBLE[name];
    fields.push([name, plausible !== undefined && rng.chance(0.7) ? plausible : rng.pick(FORM_VALUES)]);
  }
  const file = rng.chance(0.15)
    ? {
        type: rng.pick(["image/png", "image/svg+xml", "text/html", "application/octet-stream", ""]),
        bytes: rng.chance(0.3) ? Buffer.alloc(3 * 1024 * 1024, 1) : randomBytesSeeded(rng, 64),
      }
    : null;
  const boundary = `----fuzz${randomHex(rng, 12)}`;
  const part = (name: string, value: string | Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n`),
      Buffer.from(value),
      Buffer.from("\r\n"),
    ]);
  const filePart = (name: string) =>
    file
      ? Buffer.concat([
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="logo.png"\r\ncontent-type: ${file.type}\r\n\r\n`,
          ),
          file.bytes,
          Buffer.from("\r\n"),
        ])
      : Buffer.alloc(0);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const headers: Record<string, string> = {
    host: t.appHost,
    cookie: f.sessionCookie,
    origin: t.origin,
    "content-type": `multipart/form-data; boundary=${boundary}`,
  };
  const stateful = !/^40/.test(id); // 40… ids take (formData), 60… take (prevState, formData)
  let body: Buffer;
  if (rng.chance(0.5)) {
    // Progressive enhancement: the form posts to the page, the action id travels in the body.
    const framing = stateful
      ? [
          part("$ACTION_REF_1", ""),
          part("$ACTION_1:0", JSON.stringify({ id, bound: "$@1" })),
          part("$ACTION_1:1", "[null]"),
          part("$ACTION_KEY", "k0"),
        ]
      : [part(`$ACTION_ID_${id}`, "")];
    body = Buffer.concat([...framing, ...fields.map(([k, v]) => part(k, v)), filePart("logo"), end]);
  } else {
    // With JavaScript: Next-Action header, React's reply encoding (root "0", the FormData as "1_…").
    headers["next-action"] = id;
    headers.accept = "text/x-component";
    const root = stateful
      ? rng.pick(['[null,"$K1"]', '[{"ok":false,"message":"x"},"$K1"]', '["$K1"]', "[]"])
      : rng.pick(['["$K1"]', "[]", '[null,"$K1"]']);
    body = Buffer.concat([
      part("0", root),
      ...fields.map(([k, v]) => part(`_1_${k}`, v)),
      filePart("_1_logo"),
      end,
    ]);
  }
  return { label: "server action", method: "POST", path: page, headers, body, chunked: rng.chance(0.15) };
}

const GENERATORS: [number, string, Gen][] = [
  [8, "server action (well-formed, fuzzed fields)", serverActionCase],
  [
    8,
    "POST /api/v1/cancellations",
    (r, f, t) => api(r, f, t, "create", "POST", "/api/v1/cancellations", createBase(r)),
  ],
  [
    5,
    "PATCH /api/v1/cancellations/{id}",
    (r, f, t) => api(r, f, t, "patch", "PATCH", `/api/v1/cancellations/${seg(r, f.eventIds)}`, patchBase()),
  ],
  [
    4,
    "GET /api/v1/cancellations/{id}",
    (r, f, t) =>
      api(
        r,
        f,
        t,
        "get event",
        "GET",
        `/api/v1/cancellations/${seg(r, [...f.eventIds, f.sandboxEventId])}${query(r)}`,
      ),
  ],
  [
    4,
    "GET /api/v1/cancellations",
    (r, f, t) => api(r, f, t, "list", "GET", `/api/v1/cancellations${query(r)}`),
  ],
  [
    3,
    "GET /api/v1/cancellations/export",
    (r, f, t) => api(r, f, t, "export", "GET", `/api/v1/cancellations/export${query(r)}`),
  ],
  [
    1,
    "PATCH /api/v1/cancellations/export",
    (r, f, t) => api(r, f, t, "patch export", "PATCH", "/api/v1/cancellations/export", patchBase()),
  ],
  [
    5,
    "POST /api/v1/cancel-link",
    (r, f, t) => api(r, f, t, "link", "POST", "/api/v1/cancel-link", linkBase()),
  ],
  [
    3,
    "POST /api/v1/cancel-results/verify",
    (r, f, t) =>
      api(r, f, t, "verify", "POST", "/api/v1/cancel-results/verify", {
        token: r.pick(["eyJhbGciOiJIUzI1NiJ9.e30.x", "a.b.c", "x", "a".repeat(9000)]),
      }),
  ],
  [
    4,
    "GET /api/v1/cancel-sessions/{id}",
    (r, f, t) => api(r, f, t, "session", "GET", `/api/v1/cancel-sessions/${seg(r, f.sessionIds)}${query(r)}`),
  ],
  [
    3,
    "GET /api/v1/compliance-records",
    (r, f, t) => {
      const day = () =>
        r.pick(["2026-01-01", "2026-12-01T00:00:00Z", "2020-01-01", "1e999", "", "%ED%A0%80", "9999-99-99"]);
      const q = [
        r.chance(0.8) ? `from=${day()}` : "",
        r.chance(0.5) ? `to=${day()}` : "",
        r.chance(0.5) ? `format=${r.pick(["csv", "jsonl", "xml", "CSV", ""])}` : "",
        r.chance(0.3) ? `environment=${r.pick(["prod", "sandbox", "test"])}` : "",
        r.chance(0.2) ? `cursor=${r.pick(["x", "eyJ9", "%00"])}` : "",
      ]
        .filter(Boolean)
        .join("&");
      return api(r, f, t, "compliance records", "GET", `/api/v1/compliance-records${q ? `?${q}` : query(r)}`);
    },
  ],
  [
    2,
    "GET /api/v1/webhook-deliveries",
    (r, f, t) => api(r, f, t, "deliveries", "GET", `/api/v1/webhook-deliveries${query(r)}`),
  ],
  [
    2,
    "GET /api/v1/webhook-deliveries/{id}",
    (r, f, t) => api(r, f, t, "delivery", "GET", `/api/v1/webhook-deliveries/${seg(r, f.deliveryIds)}`),
  ],
  [
    2,
    "POST /api/v1/webhook-deliveries/{id}/retry",
    (r, f, t) => api(r, f, t, "retry", "POST", `/api/v1/webhook-deliveries/${seg(r, f.deliveryIds)}/retry`),
  ],
  [
    2,
    "GET /api/v1/workspace",
    (r, f, t) => api(r, f, t, "workspace", r.pick(["GET", "GET", "HEAD"]), `/api/v1/workspace${query(r)}`),
  ],
  [
    1,
    "GET /api/v1/openapi.json",
    (r, f, t) => api(r, f, t, "openapi", "GET", `/api/v1/openapi.json${query(r)}`),
  ],
  [
    4,
    "odd method on an API route",
    (r, f, t) => {
      const p = r.pick([
        "/api/v1/cancellations",
        `/api/v1/cancellations/${seg(r, f.eventIds)}`,
        "/api/v1/cancel-link",
        "/api/v1/workspace",
        "/api/health",
        "/api/cron/webhooks",
        "/api/stripe/webhook",
        "/api/v1/openapi.json",
        `/api/v1/cancel-sessions/${seg(r, f.sessionIds)}`,
        "/api/v1/nope",
        `/api/${r.pick(ODD_SEGMENTS)}`,
        `/api/v1/${r.pick(ODD_SEGMENTS)}/x`,
      ]);
      const c = api(r, f, t, "odd method", r.pick(ODD_METHODS), p, r.chance(0.5) ? createBase(r) : undefined);
      return c;
    },
  ],
  [
    2,
    "GET /api/health",
    (r, _f, t) => ({
      label: "health",
      method: r.pick(["GET", "GET", "HEAD", "POST"]),
      path: `/api/health${query(r)}`,
      headers: {
        host: t.appHost,
        ...r.pick<Record<string, string>>([
          {},
          { authorization: "Bearer wrong-token-0123456789" },
          { authorization: "Bearer" },
          { authorization: `Bearer ${t.healthToken}` },
          { authorization: "\u00ff" },
          { authorization: `bearer ${t.healthToken} extra` },
        ]),
      },
    }),
  ],
  [
    3,
    "GET /api/cron/*",
    (r, _f, t) => ({
      label: "cron",
      method: r.pick(["GET", "GET", "POST"]),
      path: `/api/cron/${r.pick(["expire-sessions", "reports", "webhooks", "weekly-issues", "nope", "%ED%A0%80"])}${r.chance(0.3) ? `?secret=${t.cronSecret}` : query(r)}`,
      headers: {
        host: t.appHost,
        ...r.pick<Record<string, string>>([
          {},
          { authorization: "Bearer wrong-secret-0123456789" },
          { authorization: `Bearer ${t.cronSecret}x` },
          { authorization: "Bearer " },
          { authorization: `Basic ${t.cronSecret}` },
          ...(r.chance(0.15) ? [{ authorization: `Bearer ${t.cronSecret}` }] : []),
        ]),
      },
    }),
  ],
  [
    3,
    "POST /api/stripe/webhook",
    (r, f, t) => {
      if (t.stripeWebhookSecret && r.chance(0.3)) {
        const s = signedStripe(r, t.stripeWebhookSecret);
        return {
          label: "stripe signed",
          method: "POST",
          path: "/api/stripe/webhook",
          headers: { host: t.appHost, "content-type": "application/json", "stripe-signature": s.header },
          body: s.body,
        };
      }
      const b = jsonBodyCase(r, f, { id: "evt_1", type: "invoice.paid", data: { object: {} } });
      const sig = r.pick([
        undefined,
        "",
        "t=1,v1=abc",
        "garbage",
        `t=${"9".repeat(40)},v1=${"a".repeat(64)}`,
        "t=abc,v1=",
        "v1=x,v1=y,t=",
        "\u00ff",
      ]);
      return {
        label: "stripe",
        method: r.pick(["POST", "POST", "GET"]),
        path: "/api/stripe/webhook",
        headers: { host: t.appHost, ...b.headers, ...(sig === undefined ? {} : { "stripe-signature": sig }) },
        body: b.body,
      };
    },
  ],
  [
    5,
    "/api/auth/* (next-auth)",
    (r, f, t) => {
      const action = r.pick([
        "providers",
        "csrf",
        "session",
        "signin",
        "signin/email",
        "signin/github",
        "signout",
        "error",
        "callback/email",
        "callback/credentials",
        "verify-request",
        "_log",
        "nope",
        "%ED%A0%80",
        "..",
        "signin/%00",
        `${"a".repeat(300)}`,
        "callback/email/extra/x",
      ]);
      const method = r.pick(["GET", "POST", "POST", "PUT", "DELETE"]);
      const headers: Record<string, string> = { host: t.appHost };
      if (r.chance(0.5))
        headers.cookie = r.chance(0.5)
          ? f.csrf.cookie
          : r.pick([
              f.sessionCookie,
              "next-auth.csrf-token=%ED%A0%80",
              "next-auth.session-token=\u00ff",
              "next-auth.callback-url=javascript:alert(1)",
            ]);
      let body: Buffer | string | undefined;
      if (method !== "GET") {
        if (r.chance(0.5)) {
          headers["content-type"] = "application/x-www-form-urlencoded";
          const email = r.pick([
            "fuzz@example.com",
            "",
            "not-an-email",
            "a@b",
            `${"a".repeat(300)}@example.com`,
            "%00@example.com",
            "%ED%A0%80@x.com",
            "a@%E2%80%AE.com",
            '"><script>@x.com',
            "a@b@c",
          ]);
          body = `csrfToken=${r.chance(0.7) ? f.csrf.token : r.pick(["", "x", "%"])}&email=${email}&callbackUrl=${encodeURIComponent(r.pick(["/dashboard", "https://evil.example", "javascript:alert(1)", "//evil.example", "%ED%A0%80", ""]))}${r.chance(0.2) ? "&json=true" : ""}`;
        } else {
          const b = r.chance(0.5)
            ? oddBody(r, [])
            : { ct: "application/json", body: Buffer.from(r.pick(MALFORMED_JSON)) };
          if (b.ct !== undefined) headers["content-type"] = b.ct;
          body = b.body;
        }
      }
      return { label: "next-auth", method, path: `/api/auth/${action}${query(r)}`, headers, body };
    },
  ],
  [
    6,
    "GET page (app host)",
    (r, f, t) => ({
      label: "page GET",
      method: r.pick(["GET", "GET", "GET", "HEAD", "OPTIONS", "PUT", "DELETE"]),
      path: `${r.pick(PAGE_PATHS(f, r))}${query(r)}`,
      headers: {
        host: r.chance(0.9)
          ? t.appHost
          : r.pick([
              "evil.example",
              `LOCALHOST:${t.connect.port}`,
              "a".repeat(300),
              `[::1]:${t.connect.port}`,
              "%",
            ]),
        ...(r.chance(0.6)
          ? {
              cookie: r.chance(0.9)
                ? f.sessionCookie
                : r.pick([
                    "rb_workspace=%ED%A0%80",
                    "rb_workspace=ws_nope; next-auth.session-token=x",
                    "=;=;",
                    "next-auth.session-token=\u00ff",
                  ]),
            }
          : {}),
        ...(r.chance(0.15)
          ? { rsc: "1", "next-router-state-tree": r.pick(["%5B%5D", "garbage", "%ED%A0%80"]) }
          : {}),
        ...(r.chance(0.05) ? { "next-router-prefetch": "1" } : {}),
      },
    }),
  ],
  [
    9,
    "POST page (app host)",
    (r, f, t) =>
      pagePost(
        r,
        f,
        t,
        t.appHost,
        `${r.pick(PAGE_PATHS(f, r))}${r.chance(0.2) ? query(r) : ""}`,
        "page POST",
      ),
  ],
  [
    5,
    "GET /s/<token> steps (cancel host)",
    (r, f, t) => ({
      label: "flow GET",
      method: r.pick(["GET", "GET", "HEAD", "PUT"]),
      path: `/s/${seg(r, f.linkTokens)}${r.pick(["", "/offer", "/confirm", "/done", "/receipt.pdf", "/submit", "/nope", `/${r.pick(ODD_SEGMENTS)}`])}${query(r)}`,
      headers: { host: t.cancelHost },
    }),
  ],
  [
    6,
    "POST /s/<token>/submit (cancel host)",
    (r, f, t) => {
      const b = submitBody(r);
      const headers: Record<string, string> = { host: t.cancelHost };
      if (b.ct !== undefined) headers["content-type"] = b.ct;
      if (r.chance(0.5))
        headers.origin = r.pick([`http://${t.cancelHost}`, "null", "http://evil.example", "garbage", "%"]);
      return {
        label: "flow submit",
        method: "POST",
        path: `/s/${seg(r, f.linkTokens)}/submit`,
        headers,
        body: b.body,
      };
    },
  ],
  [
    4,
    "POST page (cancel host)",
    (r, f, t) =>
      pagePost(
        r,
        f,
        t,
        t.cancelHost,
        `/s/${seg(r, f.linkTokens)}${r.pick(["", "/offer", "/confirm", "/done"])}`,
        "flow page POST",
      ),
  ],
  [
    2,
    "other path on the cancel host",
    (r, _f, t) => ({
      label: "cancel host other",
      method: r.pick(["GET", "POST"]),
      path: r.pick([
        "/",
        "/login",
        "/dashboard",
        "/api/health",
        "/api/v1/cancellations",
        `/${r.pick(ODD_SEGMENTS)}`,
      ]),
      headers: {
        host: t.cancelHost,
        ...(r.chance(0.5) ? { "content-type": "multipart/form-data; boundary=x" } : {}),
      },
      body: "a=b",
    }),
  ],
];

/** Walks the generators in order first (every route is tried), then draws by weight. */
function* cases(rng: Rng, f: Fixture, t: Target, n: number): Generator<Case & { generator: string }> {
  const total = GENERATORS.reduce((s, [w]) => s + w, 0);
  for (let i = 0; i < n; i++) {
    let g: [number, string, Gen];
    if (i < GENERATORS.length * 3) g = GENERATORS[i % GENERATORS.length]!;
    else {
      let x = rng.int(total);
      g = GENERATORS[0]!;
      for (const candidate of GENERATORS) {
        x -= candidate[0];
        if (x < 0) {
          g = candidate;
          break;
        }
      }
    }
    yield { ...g[2](rng, f, t), generator: g[1] };
  }
}

// ───────────────────────────── run ─────────────────────────────

const ABORTED_UPLOADS = 5;

/**
 * Sends a whole request and hangs up before the answer, as a load tool does when its run ends.
 * (A client gone mid-body never reaches a route: Next buffers bodies for middleware and logs that
 * itself, "Error: aborted".)
 */
function abortedUpload(t: Target, key: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify({
      eventId: `hangup_${delayMs}_${randomBytes(4).toString("hex")}`,
      reasonKey: "too_expensive",
    });
    const r = http.request({
      ...t.connect,
      method: "POST",
      path: "/api/v1/cancellations",
      headers: {
        host: t.appHost,
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
      },
    });
    r.on("error", () => resolve());
    r.on("close", () => resolve());
    r.end(body);
    setTimeout(() => r.destroy(), delayMs);
  });
}

const COUNTED = [
  "CancellationEvent",
  "OutcomeChange",
  "CancelSession",
  "WebhookEvent",
  "AuditLog",
  "ApiKey",
  "WebhookEndpoint",
  "Invitation",
  "VerificationToken",
  "StripeEvent",
  "Workspace",
] as const;

async function countRows(): Promise<Record<string, number>> {
  const { db } = await import("../lib/db");
  const sql = COUNTED.map((t) => `(select count(*) from "${t}")::int as "${t}"`).join(", ");
  const [row] = await db.$queryRawUnsafe<Record<string, number>[]>(`select ${sql}`);
  return row!;
}

function excerpt(buf: Buffer | string | undefined, n = 200): string {
  if (buf === undefined) return "(none)";
  const s = (Buffer.isBuffer(buf) ? buf.subarray(0, n * 2).toString("utf8") : buf.slice(0, n * 2)).slice(
    0,
    n,
  );
  return (
    JSON.stringify(s) +
    ((Buffer.isBuffer(buf) ? buf.length : buf.length) > n
      ? ` (${Buffer.isBuffer(buf) ? buf.length : buf.length} bytes)`
      : "")
  );
}

/** A stack frame or a source path in a response body: bad input must never show internals. */
const STACK = /\n\s+at [^\n]+:\d+:\d+|\/work\/|node_modules\/|\.next\/server/;

async function main(): Promise<number> {
  const opts = parseCli();
  const rng = prng(opts.seed);
  let target: Target;
  if (opts.base) {
    const base = loopbackBase(opts.base);
    if (!process.env.DATABASE_URL)
      throw new Error("--base needs DATABASE_URL: the database of the app under test");
    const port = Number(base.port || 80);
    target = {
      connect: { host: base.hostname.replace(/^\[|\]$/g, ""), port },
      appHost: base.host,
      cancelHost: opts.cancelHost ?? `cancel.localhost:${port}`,
      origin: base.origin,
      healthToken: process.env.HEALTH_TOKEN,
      cronSecret: process.env.CRON_SECRET,
      stripeWebhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
      ownBuild: false,
      errorLog: [],
      stop: async () => {},
    };
    await waitForHealth(target, undefined, 10_000);
  } else {
    if (opts.port === 3000 || opts.port === 3100)
      console.error(`▸ note: port ${opts.port} is the dev/e2e default`);
    console.error(`▸ starting next start on 127.0.0.1:${opts.port} with a fresh database`);
    const started = await startApp(opts.port, opts.appLog);
    process.env.DATABASE_URL = started.databaseUrl;
    target = started;
  }
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";

  const stopOnSignal = () => {
    target.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  try {
    const fixture = await makeFixture(target);
    console.error(
      `▸ fixture: 4 workspaces, ${fixture.eventIds.length + 1} events, ${fixture.sessionIds.length} cancel sessions, ${fixture.deliveryIds.length} webhook deliveries, ${fixture.actionIds.length} server action ids; seed ${opts.seed}, ${opts.requests} requests`,
    );

    const histogram = new Map<number, number>();
    const byGenerator = new Map<string, Map<string, number>>();
    const failures: string[] = [];
    const fivexx: string[] = [];
    const stored: string[] = [];
    let noAnswer = 0;
    let before = await countRows();
    let i = 0;
    for (const c of cases(rng, fixture, target, opts.requests)) {
      i++;
      const where = () =>
        `#${i} ${c.method} ${c.path.length > 160 ? `${c.path.slice(0, 160)}… (${c.path.length} chars)` : c.path}  host=${c.headers.host ?? "-"}  content-type=${c.headers["content-type"] ?? "(none)"}${c.headers["next-action"] ? `  next-action=${c.headers["next-action"].slice(0, 50)}` : ""}${c.headers.origin ? `  origin=${c.headers.origin}` : ""}${c.headers.rsc ? "  rsc=1" : ""}${c.chunked ? "  (chunked)" : ""}\n      request body: ${excerpt(c.body)}`;
      let res: Res;
      try {
        res = await send(target, c);
      } catch (e) {
        // Node's own HTTP parser refuses methods it does not know (a 400, then it closes the socket
        // while a large body is still being sent): that is Node, not the app, and not a 5xx.
        if (
          !http.METHODS.includes(c.method) &&
          /ECONNRESET|EPIPE|socket hang up/.test((e as Error).message)
        ) {
          histogram.set(-400, (histogram.get(-400) ?? 0) + 1);
          continue;
        }
        noAnswer++;
        failures.push(`no answer (${(e as Error).message}): ${where()}`);
        continue;
      }
      histogram.set(res.status, (histogram.get(res.status) ?? 0) + 1);
      const perGen = byGenerator.get(c.generator) ?? new Map<string, number>();
      const bucket = `${Math.floor(res.status / 100)}xx`;
      perGen.set(bucket, (perGen.get(bucket) ?? 0) + 1);
      byGenerator.set(c.generator, perGen);
      const text = res.body.toString("utf8");
      if (res.status >= 500) {
        fivexx.push(`${res.status} ${where()}\n      response: ${excerpt(res.body, 300)}`);
      }
      if (res.status >= 400 && STACK.test(text)) {
        failures.push(
          `stack trace or source path in a ${res.status} body: ${where()}\n      response: ${excerpt(res.body, 300)}`,
        );
      }
      const standardMethod = ["GET", "POST", "PATCH", "PUT", "DELETE"].includes(c.method);
      // 404 of an unknown path and 405 of an unsupported method are Next's own (empty) answers.
      if (
        c.path.startsWith("/api/") &&
        res.status >= 400 &&
        ![404, 405].includes(res.status) &&
        standardMethod
      ) {
        // The API's documented error shape (404s of unknown paths are Next's page).
        const shaped = (() => {
          try {
            const b = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
            return typeof b.error?.code === "string" && typeof b.error?.message === "string";
          } catch {
            return false;
          }
        })();
        const nextAuth = c.path.startsWith("/api/auth/");
        if (!shaped && !nextAuth) {
          failures.push(
            `API error without the error shape (${res.status}): ${where()}\n      response: ${excerpt(res.body, 200)}`,
          );
        }
      }
      const after = await countRows();
      if (res.status >= 400) {
        const changed = COUNTED.filter((k) => after[k] !== before[k]).map(
          (k) => `${k} ${before[k]}→${after[k]}`,
        );
        if (changed.length) stored.push(`${res.status} stored rows (${changed.join(", ")}): ${where()}`);
      }
      before = after;
      if (opts.verbose) console.error(`${res.status} ${where()}`);
    }

    // Clients that hang up before the answer (load tools do at the end of a run): the app must log them as
    // client_closed (info), never as an error.
    const errorsBefore = target.errorLog.length;
    for (let k = 0; k < ABORTED_UPLOADS; k++) await abortedUpload(target, fixture.keys.advanced, k * 3);
    await new Promise((r) => setTimeout(r, 500));
    const abortErrors = target.errorLog.slice(errorsBefore);
    for (const line of abortErrors)
      failures.push(`error logged for a client that hung up: ${line.slice(0, 300)}`);

    // Afterwards the app must still be healthy, dependencies included.
    const health = await send(target, {
      method: "GET",
      path: "/api/health",
      headers: {
        host: target.appHost,
        ...(target.healthToken ? { authorization: `Bearer ${target.healthToken}` } : {}),
      },
    }).catch((e: Error) => ({ status: 0, body: Buffer.from(e.message), headers: {} }) as Res);
    const healthy = health.status === 200 && /"status":"ok"/.test(health.body.toString());

    const lines: string[] = [];
    lines.push(
      `fuzz: seed ${opts.seed}, ${i} requests tried (+${fixture.setupRequests} setup requests, ${ABORTED_UPLOADS} clients hanging up before the answer)`,
    );
    lines.push(
      `status histogram: ${[...histogram.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => (s === -400 ? `400 (Node's parser, connection closed)×${n}` : `${s}×${n}`))
        .join("  ")}`,
    );
    lines.push("by target:");
    for (const [g, m] of [...byGenerator.entries()].sort()) {
      lines.push(
        `  ${g.padEnd(44)} ${[...m.entries()]
          .sort()
          .map(([b, n]) => `${b} ${n}`)
          .join(", ")}`,
      );
    }
    lines.push(`5xx: ${fivexx.length}`);
    for (const f of fivexx) lines.push(`  ${f}`);
    lines.push(`rows stored by refused requests: ${stored.length}`);
    for (const s of stored) lines.push(`  ${s}`);
    lines.push(`other failures: ${failures.length}${noAnswer ? ` (${noAnswer} without an answer)` : ""}`);
    for (const f of failures) lines.push(`  ${f}`);
    if (target.errorLog.length) {
      lines.push(`app error log lines: ${target.errorLog.length} (first 5)`);
      for (const l of target.errorLog.slice(0, 5)) lines.push(`  ${l.slice(0, 400)}`);
    }
    lines.push(`health afterwards: ${health.status} ${healthy ? "ok" : excerpt(health.body, 300)}`);
    const ok = fivexx.length === 0 && stored.length === 0 && failures.length === 0 && healthy;
    lines.push(ok ? `result: ${i} requests tried, 0 5xx` : "result: FAILED");
    console.log(lines.join("\n"));
    return ok ? 0 : 1;
  } finally {
    const { closeDb } = await import("../lib/db");
    await closeDb().catch(() => {});
    agent.destroy();
    await target.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);
