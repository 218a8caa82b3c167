import "server-only";
import { safeEqual } from "@/lib/api/auth";
import { localRedis, rateLimitBackend } from "@/lib/api/rate-limit";
import { stripe } from "@/lib/billing/stripe";
import { db, utc } from "@/lib/db";
import { env } from "@/lib/env";

type Check = { status: "ok" | "error"; ms: number; error?: string; detail?: Record<string, unknown> };

async function timed(
  fn: () => Promise<Record<string, unknown> | undefined>,
  timeoutMs = 3000,
): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", ms: Math.round(performance.now() - started), ...(detail ? { detail } : {}) };
  } catch (e) {
    return { status: "error", ms: Math.round(performance.now() - started), error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

async function checkDatabase(): Promise<undefined> {
  await db.$queryRaw`select 1`;
}

async function checkRedis(): Promise<undefined> {
  const e = env();
  if (e.UPSTASH_REDIS_REST_URL) {
    const res = await fetch(`${e.UPSTASH_REDIS_REST_URL}/ping`, {
      headers: { authorization: `Bearer ${e.UPSTASH_REDIS_REST_TOKEN}` },
    });
    if (!res.ok) throw new Error(`Upstash answered ${res.status}`);
    return;
  }
  const pong = await localRedis()!.ping();
  if (pong !== "PONG") throw new Error(`unexpected reply ${pong}`);
}

async function checkStripe(): Promise<undefined> {
  await stripe().balance.retrieve();
}

async function checkWebhookBacklog() {
  // Not `<= now()`: a timestamp column compared with now() is read in the session's timezone.
  const [row] = await db.$queryRaw<{ due: bigint; oldest: Date | null }[]>`
    select count(*) as due, min("nextAttemptAt") as oldest
    from "WebhookDelivery" where status in ('pending', 'failed') and "nextAttemptAt" <= ${utc(new Date())}`;
  return { due: Number(row?.due ?? 0), oldestDueAt: row?.oldest ?? null };
}

export type HealthReport = { status: "ok" | "error"; time: string; checks?: Record<string, Check> };

/** Whether a request carries the deep-health token: null = no token sent, false = a wrong one. */
export function deepHealthAuthorized(authorization: string | null): boolean | null {
  if (!authorization) return null;
  const token = env().HEALTH_TOKEN;
  const sent = authorization.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token || !sent) return false;
  return safeEqual(sent, token);
}

/** Liveness, plus every configured dependency when `deep`. */
export async function healthReport(deep: boolean): Promise<HealthReport> {
  const time = new Date().toISOString();
  if (!deep) return { status: "ok", time };
  const e = env();
  const checks: Record<string, Check> = {};
  const tasks: [string, Promise<Check>][] = [
    ["database", timed(checkDatabase)],
    ["webhookBacklog", timed(checkWebhookBacklog)],
  ];
  if (rateLimitBackend() !== "memory") tasks.push(["redis", timed(checkRedis)]);
  if (e.STRIPE_SECRET_KEY) tasks.push(["stripe", timed(checkStripe)]);
  for (const [name, task] of tasks) checks[name] = await task;
  const failed = Object.values(checks).some((c) => c.status === "error");
  return { status: failed ? "error" : "ok", time, checks };
}
