// The drainer: claims due deliveries, sends them concurrently, records every attempt. Run by the
// cron route, `npm run worker`, and right after a request (schedule.ts). Several may run at once:
// rows are claimed with FOR UPDATE SKIP LOCKED under a lease, and each claim takes the next attempt
// number atomically, so no attempt is ever sent twice; a drainer that dies leaves its lease to expire
// and the delivery is claimed again (as the next attempt) — nothing is lost.
//
// Fair: claims spread over endpoints (claim.ts), and while more than one endpoint has due work each
// has at most `perEndpoint` attempts in flight, so a slow endpoint cannot take every sender. An
// endpoint that keeps timing out is paused by its circuit breaker (circuit.ts).
//
// Crash-safe: at most `concurrency` attempts are in flight, and a new one starts only while those
// in flight plus those sent but not yet recorded are fewer than 2 × `concurrency` (the recorder is
// hurried when that holds senders back). A drainer killed at any moment thus leaves at most
// 2 × `concurrency` attempts that will be sent again (the receiver sees them twice); everything else
// it claimed is sent by another drainer once its lease ends.

import type { Dispatcher } from "undici";
import { env } from "@/lib/env";
import { createId } from "@/lib/ids";
import { type Claimed, claimDue, type Held, releaseClaims } from "./claim";
import { type AttemptRecord, AttemptRecorder } from "./record";
import { DEFAULT_RETRY_SCHEDULE, nextRetryDelayMs, parseRetryAfter } from "./retry";
import { deliveryHeaders } from "./sign";
import { checkWebhookUrlShape, type TargetPolicy } from "./target";
import {
  DEFAULT_TIMEOUT_MS,
  describeSendError,
  postWebhook,
  type SendFailure,
  type SendResult,
  sendFailureOf,
  sharedWebhookAgent,
} from "./transport";

export { DISABLE_AFTER_FAILING_MS } from "./record";

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

/** Time kept free between the end of an attempt's timeout and the end of its lease. */
const leaseMargin = (leaseMs: number) => Math.min(5_000, leaseMs / 10);

function failureMessage(result: SendResult): string {
  const code = result.statusCode;
  if (code !== null && code >= 300 && code < 400) {
    const to = result.location ? ` (to ${result.location.slice(0, 200)})` : "";
    return `Redirect ${code}${to} not followed: the webhook URL must answer with a 2xx itself`;
  }
  if (code === 410) return "410 Gone: the endpoint has been disabled";
  if (code !== null) return result.error ? `HTTP ${code}; ${result.error}` : `HTTP ${code}`;
  return result.error ?? "No response";
}

async function attemptDelivery(
  item: Claimed,
  ctx: { dispatcher: Dispatcher; allowPrivate: boolean; timeoutMs: number; schedule: readonly number[] },
): Promise<AttemptRecord> {
  const attemptId = createId("dlv");
  const sentAt = new Date();
  const notSent = (error: string, failure: SendFailure = "blocked"): SendResult => ({
    statusCode: null,
    failure,
    retryAfter: null,
    location: null,
    excerpt: null,
    error,
    durationMs: 0,
  });
  let result: SendResult;
  if (!item.secrets) {
    result = notSent("This workspace has no signing secret");
  } else {
    try {
      // Send time repeats the save-time URL rules; DNS is vetted by the transport at connect time.
      checkWebhookUrlShape(item.url, { allowPrivate: ctx.allowPrivate });
      const headers = deliveryHeaders({
        eventType: item.type,
        eventId: item.webhookEventId,
        attemptId,
        attempt: item.attempt,
        timestamp: Math.floor(sentAt.getTime() / 1000),
        rawBody: item.payload,
        secrets: item.secrets,
      });
      result = await postWebhook({
        url: item.url,
        headers,
        body: item.payload,
        dispatcher: ctx.dispatcher,
        timeoutMs: ctx.timeoutMs,
      });
    } catch (err) {
      result = notSent(describeSendError(err), sendFailureOf(err, false));
    }
  }

  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delayMs = ok
    ? null
    : nextRetryDelayMs({
        attempt: item.attempt,
        schedule: ctx.schedule,
        retryAfterSeconds: parseRetryAfter(result.retryAfter),
      });
  return {
    deliveryId: item.id,
    attempt: item.attempt,
    attemptId,
    workspaceId: item.workspaceId,
    endpointId: item.endpointId,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: ok ? result.error : failureMessage(result),
    excerpt: result.excerpt,
    sentAt,
    outcome: ok ? "succeeded" : delayMs === null ? "dead" : "failed",
    delayMs,
    gone: result.statusCode === 410,
    timedOut: result.failure === "timeout",
    probe: item.probe,
    circuitDirty: item.circuitDirty,
  };
}

/** A promise that resolves at the next `notify()`: senders wait on it for anything to change. */
class Changes {
  private waiters: (() => void)[] = [];
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify() {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/**
 * Claims and sends due deliveries until none are left, the budget runs out or `signal` aborts.
 * A pipeline: claims refill a queue ahead of `concurrency` senders; results are written as they
 * come, one batch at a time.
 */
export async function drainWebhookDeliveries(options: DrainOptions = {}): Promise<DrainSummary> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? DEFAULTS.budgetMs;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const perEndpoint = Math.max(1, options.perEndpoint ?? env().WEBHOOK_PER_ENDPOINT_CONCURRENCY);
  const batchSize = Math.max(1, options.batchSize ?? Math.max(32, concurrency * 4));
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const { dispatcher, policy } =
    options.transport ??
    (() => {
      const shared = sharedWebhookAgent();
      return { dispatcher: shared.agent, policy: shared.policy };
    })();
  const ctx = {
    dispatcher,
    allowPrivate: policy.allowPrivate,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    schedule: env().WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE,
  };
  const summary: DrainSummary = {
    claimed: 0,
    succeeded: 0,
    failed: 0,
    dead: 0,
    released: 0,
    expired: 0,
    durationMs: 0,
    stoppedBy: "empty",
  };
  if (options.webhookEventIds?.length === 0) return summary;

  const changes = new Changes();
  const queue: Claimed[] = [];
  /** Per endpoint: claimed and not yet recorded (queued, in flight, or waiting for its write). */
  const held = new Map<string, number>();
  const inFlight = new Map<string, number>();
  let inFlightTotal = 0;
  /** Sent, result known, not yet durable. */
  let unrecorded = 0;
  /** Endpoints that answered (anything but a timeout) in this drain. */
  const responsive = new Set<string>();
  /** Endpoints timing out (their last attempt got no answer), and their timeouts not yet recorded. */
  const timingOut = new Set<string>();
  const unrecordedTimeouts = new Map<string, number>();
  let endpointsDue = 0;
  /** The last claim found nothing while we held nothing: the backlog is drained. */
  let exhausted = false;
  /** The last claim found nothing while we held rows: claim again once we let some go. */
  let claimAfterRecord = false;
  let refilling: Promise<void> | undefined;
  /** A claim (or, never expected, an attempt) threw: every sender stops. */
  let fatal: unknown;
  const releasing: Promise<void>[] = [];

  const count = (m: Map<string, number>, key: string, by: number) => {
    const n = (m.get(key) ?? 0) + by;
    if (n > 0) m.set(key, n);
    else m.delete(key);
  };
  // Held rows let go of (recorded, handed back, expired): an endpoint we were full on may take more.
  let lettings = 0;
  const letGo = (items: { endpointId: string }[]) => {
    for (const item of items) count(held, item.endpointId, -1);
    lettings += 1;
    claimAfterRecord = false;
  };
  const recorder = new AttemptRecorder((batch, { pausedEndpointIds }) => {
    unrecorded -= batch.length;
    letGo(batch);
    for (const r of batch) if (r.timedOut) count(unrecordedTimeouts, r.endpointId, -1);
    // An endpoint whose circuit just opened: its queued claims go back untouched.
    const paused = new Set(pausedEndpointIds);
    const unsent = paused.size ? queue.filter((item) => paused.has(item.endpointId)) : [];
    if (unsent.length) {
      queue.splice(0, queue.length, ...queue.filter((item) => !paused.has(item.endpointId)));
      letGo(unsent);
      releasing.push(
        releaseClaims(unsent).then((n) => {
          summary.released += n;
        }),
      );
    }
    changes.notify();
  }, concurrency);

  // Several endpoints with due work (or held): each gets `perEndpoint` senders at most. Alone, an
  // endpoint that has answered in this drain may use them all. One that is timing out gets one
  // attempt at a time, and none until its timeouts are recorded (they may open its circuit): a
  // black hole costs exactly the timeouts that open the breaker.
  const cap = (endpointId: string) => {
    if (unrecordedTimeouts.has(endpointId)) return 0;
    if (timingOut.has(endpointId)) return 1;
    return endpointsDue > 1 || held.size > 1 || !responsive.has(endpointId) ? perEndpoint : concurrency;
  };

  const stopReason = (): DrainSummary["stoppedBy"] | null => {
    if (options.signal?.aborted) return "signal";
    if (performance.now() - started >= budgetMs) return "budget";
    return null;
  };
  const budgetTimer = setTimeout(() => changes.notify(), Math.max(0, budgetMs));
  const onAbort = () => changes.notify();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const refill = () => {
    if (refilling || exhausted || claimAfterRecord || fatal || stopReason()) return;
    if (queue.length > concurrency) return;
    const heldNow: Held = [...held.entries()].map(([endpointId, n]) => ({
      endpointId,
      count: n,
      responsive: responsive.has(endpointId),
    }));
    const lettingsBefore = lettings;
    refilling = claimDue({
      limit: batchSize,
      leaseMs,
      perEndpoint,
      held: heldNow,
      webhookEventIds: options.webhookEventIds,
      probe: options.probe,
    })
      .then(({ rows, endpointsDue: due }) => {
        summary.claimed += rows.length;
        endpointsDue = due;
        for (const row of rows) {
          count(held, row.endpointId, 1);
          if (row.consecutiveTimeouts > 0 && !responsive.has(row.endpointId)) timingOut.add(row.endpointId);
        }
        queue.push(...rows);
        if (rows.length === 0) {
          if (heldNow.length === 0) exhausted = true;
          else if (lettings === lettingsBefore) claimAfterRecord = true;
        }
      })
      .catch((err: unknown) => {
        fatal ??= err;
      })
      .finally(() => {
        refilling = undefined;
        changes.notify();
      });
  };

  const take = async (): Promise<Claimed | null> => {
    for (;;) {
      if (fatal) throw fatal;
      const reason = stopReason();
      if (reason) {
        summary.stoppedBy = reason;
        return null;
      }
      // Backpressure: what a kill would leave to be sent again stays below 2 × `concurrency`.
      if (inFlightTotal < concurrency && inFlightTotal + unrecorded < 2 * concurrency) {
        const i = queue.findIndex((item) => (inFlight.get(item.endpointId) ?? 0) < cap(item.endpointId));
        if (i >= 0) {
          const [item] = queue.splice(i, 1) as [Claimed];
          refill();
          // Send only while the lease covers the whole attempt; otherwise it may be claimed again
          // meanwhile. Left as is, it is claimed again once the lease has expired.
          if (Date.now() + ctx.timeoutMs + leaseMargin(leaseMs) > item.leaseEndsAt) {
            summary.expired += 1;
            letGo([item]);
            continue;
          }
          // Counted in flight here, synchronously: other senders woken by the same change decide next.
          inFlightTotal += 1;
          count(inFlight, item.endpointId, 1);
          return item;
        }
      }
      refill();
      if (exhausted && queue.length === 0 && held.size === 0 && !refilling) return null;
      // Held back (the crash bound, an endpoint's cap, an empty queue): recording what is waiting now,
      // not a fuller batch later, is what lets senders go again.
      recorder.hurry();
      await changes.next();
    }
  };
  const sender = async () => {
    for (let item = await take(); item; item = await take()) {
      const record = await attemptDelivery(item, ctx).catch((err: unknown) => {
        // Never expected (attemptDelivery turns every failure into a record): stop every sender.
        fatal ??= err;
        changes.notify();
        throw err;
      });
      inFlightTotal -= 1;
      count(inFlight, item.endpointId, -1);
      if (record.timedOut) {
        timingOut.add(item.endpointId);
        count(unrecordedTimeouts, item.endpointId, 1);
      } else {
        responsive.add(item.endpointId);
        timingOut.delete(item.endpointId);
      }
      summary[record.outcome] += 1;
      unrecorded += 1;
      recorder.add(record);
      changes.notify();
    }
  };

  try {
    const results = await Promise.allSettled(Array.from({ length: concurrency }, sender));
    while (refilling) await refilling;
    const unsent = queue.splice(0);
    letGo(unsent);
    summary.released += await releaseClaims(unsent);
    await recorder.flush();
    await Promise.all(releasing);
    const failure = results.find((r) => r.status === "rejected");
    if (failure) throw (failure as PromiseRejectedResult).reason;
  } finally {
    clearTimeout(budgetTimer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

/** The first attempt for just-enqueued events (called after the response; see schedule.ts). */
export function deliverWebhookEventsNow(webhookEventIds: string[], options: DrainOptions = {}) {
  return drainWebhookDeliveries({ budgetMs: 15_000, ...options, webhookEventIds });
}
