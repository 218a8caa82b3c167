// What a drain may be told (DrainOptions), what it reports (DrainSummary), and the defaults that
// turn the one into the settings the pipeline runs with (drain.ts).
import type { Dispatcher } from "undici";
import { env } from "@/lib/env";
import { DEFAULT_RETRY_SCHEDULE } from "./retry";
import type { TargetPolicy } from "./target";
import { DEFAULT_TIMEOUT_MS, sharedWebhookAgent } from "./transport";

export type DrainOptions = {
  /** Stop claiming after this long; attempts in flight finish, claimed-but-unsent rows are handed back. */
  budgetMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /**
   * Attempts in flight per endpoint while other endpoints have due work (a lone endpoint that
   * answers may use every sender). Default WEBHOOK_PER_ENDPOINT_CONCURRENCY (4).
   */
  perEndpoint?: number;
  /** Rows per claim. */
  batchSize?: number;
  /** How long a claim holds a row; must comfortably exceed the attempt timeout. */
  leaseMs?: number;
  /** Per-attempt timeout (tests shorten it). */
  timeoutMs?: number;
  /** Only deliveries of these events (the immediate attempt after a request). */
  webhookEventIds?: string[];
  /**
   * With `webhookEventIds`: send even to endpoints whose circuit is open, as their probe — for what
   * a person asked for just now (a test event, "retry now").
   */
  probe?: boolean;
  /** Stop early (worker shutdown): like the budget running out. */
  signal?: AbortSignal;
  /** Tests: a transport with its own resolver. Default: the shared agent for the environment's policy. */
  transport?: { dispatcher: Dispatcher; policy: Pick<TargetPolicy, "allowPrivate"> };
};

export type DrainSummary = {
  claimed: number;
  succeeded: number;
  failed: number;
  dead: number;
  /**
   * Claimed but not sent: handed back for the next drain (the budget ran out, or the endpoint's
   * circuit opened meanwhile).
   */
  released: number;
  /** Claimed but left unsent because their lease would not have covered the attempt (very slow endpoints). */
  expired: number;
  durationMs: number;
  stoppedBy: "empty" | "budget" | "signal";
};

export const DEFAULTS = {
  budgetMs: 25_000,
  concurrency: 16,
  leaseMs: 60_000,
  timeoutMs: DEFAULT_TIMEOUT_MS,
};

/** What one attempt needs to know: how to connect, the URL rules, its timeout, the retry schedule. */
export type AttemptContext = {
  dispatcher: Dispatcher;
  allowPrivate: boolean;
  timeoutMs: number;
  schedule: readonly number[];
};

/** The options with every default filled in. */
export function drainSettings(options: DrainOptions) {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const { dispatcher, policy } =
    options.transport ??
    (() => {
      const shared = sharedWebhookAgent();
      return { dispatcher: shared.agent, policy: shared.policy };
    })();
  const attempt: AttemptContext = {
    dispatcher,
    allowPrivate: policy.allowPrivate,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    schedule: env().WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE,
  };
  return {
    budgetMs: options.budgetMs ?? DEFAULTS.budgetMs,
    concurrency,
    perEndpoint: Math.max(1, options.perEndpoint ?? env().WEBHOOK_PER_ENDPOINT_CONCURRENCY),
    batchSize: Math.max(1, options.batchSize ?? Math.max(32, concurrency * 4)),
    leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
    attempt,
  };
}

/** Time kept free between the end of an attempt's timeout and the end of its lease. */
export const leaseMargin = (leaseMs: number) => Math.min(5_000, leaseMs / 10);

export function emptySummary(): DrainSummary {
  return {
    claimed: 0,
    succeeded: 0,
    failed: 0,
    dead: 0,
    released: 0,
    expired: 0,
    durationMs: 0,
    stoppedBy: "empty",
  };
}
