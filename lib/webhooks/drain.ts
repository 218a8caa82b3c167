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
//
// This file is the pipeline (claim → send → record, with its backpressure and fairness caps). One
// attempt is attempt.ts, writing results record.ts, an endpoint's health endpoint-health.ts, the
// options and their defaults drain-options.ts.

import { attemptDelivery } from "./attempt";
import { type Claimed, claimDue, type Held, releaseClaims } from "./claim";
import {
  type DrainOptions,
  type DrainSummary,
  drainSettings,
  emptySummary,
  leaseMargin,
} from "./drain-options";
import { AttemptRecorder } from "./record";

export { DEFAULTS, type DrainOptions, type DrainSummary } from "./drain-options";
export { DISABLE_AFTER_FAILING_MS } from "./endpoint-health";

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
  const { budgetMs, concurrency, perEndpoint, batchSize, leaseMs, attempt: ctx } = drainSettings(options);
  const summary = emptySummary();
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
