// When a failed delivery is tried again. Pure.

/** Seconds after attempt 1, 2, … fails; after the last one the delivery is `dead`. DESIGN.md §6. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [60, 300, 1800, 7200, 21600, 43200, 86400, 172800];

export const RETRY_JITTER = 0.2;
/** A receiver's Retry-After can push the next attempt back, never past a day. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * `Retry-After` as seconds: delta-seconds or an HTTP date; null when absent or unparseable.
 * A date in the past counts as 0.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  // An HTTP date names its day and month; Date.parse alone would read "-5" as a year.
  if (!/[a-z]{3}/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Milliseconds until the next attempt after attempt number `attempt` (1-based) failed, or null when
 * the schedule is exhausted (the delivery is dead). The scheduled delay gets ±20 % jitter, so
 * endpoints that fail together do not retry in lockstep; a `Retry-After` longer than that delay
 * (capped at a day) is honoured, a shorter one is not (it would retry faster than the schedule).
 */
export function nextRetryDelayMs(input: {
  attempt: number;
  schedule: readonly number[];
  retryAfterSeconds?: number | null;
  random?: () => number;
}): number | null {
  const base = input.schedule[input.attempt - 1];
  if (base === undefined) return null;
  const jitter = 1 - RETRY_JITTER + 2 * RETRY_JITTER * (input.random ?? Math.random)();
  const scheduled = Math.round(base * 1000 * jitter);
  const retryAfter = input.retryAfterSeconds;
  if (retryAfter == null) return scheduled;
  return Math.max(scheduled, Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS) * 1000);
}
