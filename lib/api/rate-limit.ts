import { createHash } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis as UpstashRedis } from "@upstash/redis";
import IORedis from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export type RateLimitResult = { success: boolean; limit: number; remaining: number; reset: number };
type Limiter = { limit(identifier: string): Promise<RateLimitResult> };

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

/**
 * The subset of the Upstash client that @upstash/ratelimit calls, over a local Redis (ioredis).
 * Its Lua scripts start with `#!lua flags=allow-key-locking`, which Redis 7.0 rejects, so the
 * shebang is stripped and the library's script SHA mapped to the stripped script's SHA.
 */
export class UpstashCompatibleRedis {
  private readonly shas = new Map<string, string>();
  constructor(private readonly redis: IORedis) {}

  async evalsha(sha: string, keys: string[], args: unknown[]) {
    const stripped = this.shas.get(sha);
    if (!stripped) throw new Error("NOSCRIPT No matching script");
    return this.redis.evalsha(stripped, keys.length, ...keys, ...args.map(String));
  }

  async eval(script: string, keys: string[], args: unknown[]) {
    const body = script.replace(/^#!lua[^\n]*\n/, "");
    const result = await this.redis.eval(body, keys.length, ...keys, ...args.map(String));
    this.shas.set(sha1(script), sha1(body));
    return result;
  }

  get(key: string) {
    return this.redis.get(key);
  }
  set(key: string, value: unknown, opts?: { px?: number }) {
    return opts?.px ? this.redis.set(key, String(value), "PX", opts.px) : this.redis.set(key, String(value));
  }
  del(...keys: string[]) {
    return this.redis.del(...keys);
  }
}

/** In-process sliding-window-log limiter: single instance, development and tests without Redis. */
export class InProcessLimiter implements Limiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async limit(identifier: string): Promise<RateLimitResult> {
    const now = Date.now();
    const recent = (this.hits.get(identifier) ?? []).filter((t) => t > now - this.windowMs);
    const success = recent.length < this.max;
    if (success) recent.push(now);
    this.hits.set(identifier, recent);
    if (this.hits.size > 10_000) this.prune(now);
    const reset = (recent[0] ?? now) + this.windowMs;
    return { success, limit: this.max, remaining: Math.max(0, this.max - recent.length), reset };
  }

  private prune(now: number) {
    for (const [id, times] of this.hits)
      if (!times.some((t) => t > now - this.windowMs)) this.hits.delete(id);
  }
}

let redisClient: IORedis | undefined;

/** The shared local Redis connection (REDIS_URL), also used by the deep health check. */
export function localRedis(): IORedis | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  if (!redisClient) {
    redisClient = new IORedis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      enableAutoPipelining: true,
    });
    redisClient.on("error", (err) => logger.warn({ err: err.message }, "redis connection error"));
  }
  return redisClient;
}

export type RateLimitBackend = "upstash" | "redis" | "memory";

export function rateLimitBackend(): RateLimitBackend {
  const e = env();
  if (e.UPSTASH_REDIS_REST_URL) return "upstash";
  if (e.REDIS_URL) return "redis";
  return "memory";
}

const limiters = new Map<string, Limiter>();

function createLimiter(max: number, windowSeconds: number): Limiter {
  const e = env();
  const backend = rateLimitBackend();
  if (backend === "memory") return new InProcessLimiter(max, windowSeconds * 1000);
  const redis =
    backend === "upstash"
      ? new UpstashRedis({ url: e.UPSTASH_REDIS_REST_URL!, token: e.UPSTASH_REDIS_REST_TOKEN! })
      : (new UpstashCompatibleRedis(localRedis()!) as unknown as UpstashRedis);
  return new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(max, `${windowSeconds} s`),
    prefix: "rb:rl",
    analytics: false,
  });
}

/**
 * Counts one request for `identifier` against `max` per `windowSeconds`. If the limiter's store is
 * down the request is let through (and logged): an outage of Redis must not take the API down.
 */
export async function rateLimit(
  identifier: string,
  max = env().RATE_LIMIT_PER_MINUTE,
  windowSeconds = 60,
): Promise<RateLimitResult> {
  const id = `${max}/${windowSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = createLimiter(max, windowSeconds);
    limiters.set(id, limiter);
  }
  try {
    return await limiter.limit(identifier);
  } catch (err) {
    logger.error({ err: (err as Error).message }, "rate limiter unavailable; request allowed");
    return { success: true, limit: max, remaining: max, reset: Date.now() + windowSeconds * 1000 };
  }
}

/** Tests switch backends between cases. */
export function resetRateLimiters() {
  limiters.clear();
}
