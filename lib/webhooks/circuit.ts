// The per-endpoint circuit breaker. Pure: the drainer (drain.ts) applies it under a row lock.
//
// It exists for endpoints that accept connections and never answer: each of their attempts holds a
// sender for the whole attempt timeout. Only such timeouts count — a refused connection or an HTTP
// error is an answer, cheap to get, and follows the retry schedule.
//
//   closed ──(3 timeouts in a row)──▶ open ──(cooldown over)──▶ half-open ──(probe answered)──▶ closed
//                                      ▲                            │
//                                      └──(probe timed out: cooldown doubles, capped)────────────┘
//
// While open, none of the endpoint's deliveries are claimed, so none of their attempts (or of their
// retry schedule) are spent. Half-open lets exactly one delivery through as the probe.

/** Timeouts in a row (on accepted connections) that open the circuit. */
export const CIRCUIT_OPENS_AFTER_TIMEOUTS = 3;
/** Cooldown after the first opening; it doubles each time a probe times out. */
export const CIRCUIT_FIRST_COOLDOWN_MS = 60_000;
export const CIRCUIT_MAX_COOLDOWN_MS = 60 * 60_000;

export type CircuitState = {
  consecutiveTimeouts: number;
  /** When it opened (null = closed). */
  openedAt: Date | null;
  /** When the next probe may go (null = closed); during a probe, when the probe's lease ends. */
  retryAt: Date | null;
  /** Openings since it last closed. */
  openings: number;
};

export const CLOSED: CircuitState = { consecutiveTimeouts: 0, openedAt: null, retryAt: null, openings: 0 };

export type CircuitStatus = "closed" | "open" | "half_open";

export function circuitStatus(state: Pick<CircuitState, "retryAt">, now: Date): CircuitStatus {
  if (!state.retryAt) return "closed";
  return state.retryAt.getTime() > now.getTime() ? "open" : "half_open";
}

/** How long the circuit stays open after its `openings`-th opening (1-based). */
export function circuitCooldownMs(openings: number): number {
  const doubled = CIRCUIT_FIRST_COOLDOWN_MS * 2 ** Math.max(0, openings - 1);
  return Math.min(CIRCUIT_MAX_COOLDOWN_MS, doubled);
}

export type AttemptOutcome = {
  /** The connection was accepted and no answer came within the attempt timeout. */
  timedOut: boolean;
  /** Claimed while the circuit was not closed: the half-open probe (or a person's "send now"). */
  probe: boolean;
};

export type CircuitChange = "opened" | "reopened" | "closed" | null;

/**
 * The state after one attempt's outcome, and what changed. Results of attempts that were already
 * in flight when the circuit opened (not probes) leave an open circuit as it is.
 */
export function circuitAfter(
  state: CircuitState,
  outcome: AttemptOutcome,
  now: Date,
): { state: CircuitState; change: CircuitChange } {
  const open = (openings: number, openedAt: Date): CircuitState => ({
    consecutiveTimeouts: state.consecutiveTimeouts + 1,
    openedAt,
    retryAt: new Date(now.getTime() + circuitCooldownMs(openings)),
    openings,
  });
  if (state.retryAt === null) {
    if (!outcome.timedOut) {
      return {
        state: state.consecutiveTimeouts === 0 ? state : { ...state, consecutiveTimeouts: 0 },
        change: null,
      };
    }
    if (state.consecutiveTimeouts + 1 >= CIRCUIT_OPENS_AFTER_TIMEOUTS) {
      return { state: open(state.openings + 1, now), change: "opened" };
    }
    return { state: { ...state, consecutiveTimeouts: state.consecutiveTimeouts + 1 }, change: null };
  }
  if (!outcome.probe) return { state, change: null };
  if (outcome.timedOut) return { state: open(state.openings + 1, state.openedAt ?? now), change: "reopened" };
  return { state: CLOSED, change: "closed" };
}

/** What an attempt's error says when it changed the circuit (shown in the delivery log). */
export function describeCircuitChange(change: CircuitChange, state: CircuitState): string | null {
  if (!state.retryAt || (change !== "opened" && change !== "reopened")) return null;
  const until = state.retryAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  return change === "opened"
    ? `${state.consecutiveTimeouts} timeouts in a row: circuit opened, deliveries to this endpoint paused until ${until}`
    : `the probe timed out too: circuit opened again, deliveries to this endpoint paused until ${until}`;
}
