// `npm run worker`: drains outbound webhooks in a loop, for self-hosting without an external cron
// calling /api/cron/webhooks. Safe beside the cron route and other workers (rows are claimed with
// SKIP LOCKED). SIGTERM/SIGINT: stop claiming, finish the attempts in flight, hand back the rest, exit 0.
import "dotenv/config";
import { parseArgs } from "node:util";

const USAGE = `usage: npm run worker -- [--concurrency N] [--per-endpoint N] [--idle-ms N] [--once]

  --concurrency N  requests in flight at once (default 16)
  --per-endpoint N requests in flight per endpoint while others have due work
                   (default WEBHOOK_PER_ENDPOINT_CONCURRENCY, 4)
  --idle-ms N      pause when nothing is due (default 1000)
  --once           drain what is due now, then exit
  --lease-ms N     how long a claim holds a row (default 60000)
  --timeout-ms N   per-attempt timeout (default 6000)`;

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag} must be a whole number > 0`);
  return n;
}

/** DATABASE_URL, else the embedded database (as the CLI does). */
async function openDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  // The worker handles SIGTERM/SIGINT itself (below) and stops the embedded database last.
  const { openDefaultDatabase } = await import("./db");
  return openDefaultDatabase();
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let concurrency: number | undefined;
  let perEndpoint: number | undefined;
  let idleMs: number;
  let leaseMs: number | undefined;
  let timeoutMs: number | undefined;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        concurrency: { type: "string" },
        "per-endpoint": { type: "string" },
        "idle-ms": { type: "string" },
        "lease-ms": { type: "string" },
        "timeout-ms": { type: "string" },
        once: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    concurrency = positiveInt(values.concurrency as string | undefined, "concurrency");
    perEndpoint = positiveInt(values["per-endpoint"] as string | undefined, "per-endpoint");
    idleMs = positiveInt(values["idle-ms"] as string | undefined, "idle-ms") ?? 1000;
    leaseMs = positiveInt(values["lease-ms"] as string | undefined, "lease-ms");
    timeoutMs = positiveInt(values["timeout-ms"] as string | undefined, "timeout-ms");
    if ((leaseMs ?? 60_000) <= (timeoutMs ?? 6_000)) throw new Error("--lease-ms must exceed --timeout-ms");
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }

  const database = await openDatabase();
  process.env.DATABASE_URL = database.url;
  const { drainWebhookDeliveries } = await import("../lib/webhooks/drain");
  const { closeDb } = await import("../lib/db");
  const { logger } = await import("../lib/logger");

  const stop = new AbortController();
  const shutdown = (signal: string) => {
    if (stop.signal.aborted) return;
    logger.info({ signal }, "webhook worker stopping: finishing attempts in flight");
    stop.abort();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  logger.info({ concurrency, perEndpoint, idleMs }, "webhook worker started");
  try {
    while (!stop.signal.aborted) {
      const summary = await drainWebhookDeliveries({
        budgetMs: 30_000,
        concurrency,
        perEndpoint,
        leaseMs,
        timeoutMs,
        signal: stop.signal,
      });
      if (summary.claimed > 0) logger.info(summary, "webhook drain");
      if (values.once) break;
      if (summary.stoppedBy === "empty") {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(() => {
            stop.signal.removeEventListener("abort", wake);
            resolve();
          }, idleMs);
          stop.signal.addEventListener("abort", wake, { once: true });
        });
      }
    }
  } finally {
    await closeDb();
    await database.stop();
  }
  logger.info("webhook worker stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
