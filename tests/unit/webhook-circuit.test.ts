// The circuit breaker's rules, with an injected clock (a fixed instant, never the real one).
import { describe, expect, it } from "vitest";
import {
  CIRCUIT_FIRST_COOLDOWN_MS,
  CIRCUIT_MAX_COOLDOWN_MS,
  CIRCUIT_OPENS_AFTER_TIMEOUTS,
  type CircuitState,
  CLOSED,
  circuitAfter,
  circuitCooldownMs,
  circuitStatus,
  describeCircuitChange,
} from "@/lib/webhooks/circuit";

const t0 = new Date("2026-11-27T10:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const timeout = { timedOut: true, probe: false };
const answer = { timedOut: false, probe: false };

function run(state: CircuitState, outcomes: { timedOut: boolean; probe: boolean }[], now = t0) {
  let s = state;
  const changes: (string | null)[] = [];
  for (const o of outcomes) {
    const next = circuitAfter(s, o, now);
    s = next.state;
    changes.push(next.change);
  }
  return { state: s, changes };
}

describe("the webhook circuit breaker", () => {
  it("opens after 3 timeouts in a row, for a minute", () => {
    expect(CIRCUIT_OPENS_AFTER_TIMEOUTS).toBe(3);
    const { state, changes } = run(CLOSED, [timeout, timeout, timeout]);
    expect(changes).toEqual([null, null, "opened"]);
    expect(state).toEqual({ consecutiveTimeouts: 3, openedAt: t0, retryAt: at(60_000), openings: 1 });
    expect(circuitStatus(state, at(59_999))).toBe("open");
    expect(circuitStatus(state, at(60_000))).toBe("half_open");
  });

  it("any answer (2xx, HTTP error, refused connection) resets the count", () => {
    const { state, changes } = run(CLOSED, [timeout, timeout, answer, timeout, timeout]);
    expect(changes.every((c) => c === null)).toBe(true);
    expect(state).toMatchObject({ consecutiveTimeouts: 2, retryAt: null });
    expect(circuitStatus(state, t0)).toBe("closed");
  });

  it("never opens on answers alone", () => {
    const { state } = run(
      CLOSED,
      Array.from({ length: 50 }, () => answer),
    );
    expect(state).toBe(CLOSED);
  });

  it("half-open: a probe that gets an answer closes it", () => {
    const open = run(CLOSED, [timeout, timeout, timeout]).state;
    const probe = circuitAfter(open, { timedOut: false, probe: true }, at(61_000));
    expect(probe.change).toBe("closed");
    expect(probe.state).toEqual(CLOSED);
  });

  it("half-open: a probe that times out opens it again, the cooldown doubling up to a cap", () => {
    let state = run(CLOSED, [timeout, timeout, timeout]).state;
    const cooldowns: number[] = [];
    let now = t0;
    for (let i = 0; i < 8; i++) {
      now = state.retryAt!;
      const next = circuitAfter(state, { timedOut: true, probe: true }, now);
      expect(next.change).toBe("reopened");
      state = next.state;
      cooldowns.push(state.retryAt!.getTime() - now.getTime());
    }
    expect(cooldowns).toEqual([
      120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect(state.openedAt).toEqual(t0); // still the first opening
    expect(state.openings).toBe(9);
  });

  it("results of attempts already in flight when it opened leave it open", () => {
    const open = run(CLOSED, [timeout, timeout, timeout]).state;
    expect(circuitAfter(open, answer, at(500))).toEqual({ state: open, change: null });
    expect(circuitAfter(open, timeout, at(500))).toEqual({ state: open, change: null });
  });

  it("after closing, the next opening starts at a minute again", () => {
    const reopened = circuitAfter(
      run(CLOSED, [timeout, timeout, timeout]).state,
      { timedOut: true, probe: true },
      at(60_000),
    );
    const closed = circuitAfter(reopened.state, { timedOut: false, probe: true }, at(200_000)).state;
    const again = run(closed, [timeout, timeout, timeout], at(300_000)).state;
    expect(again.retryAt!.getTime() - at(300_000).getTime()).toBe(CIRCUIT_FIRST_COOLDOWN_MS);
  });

  it("cooldown: 1 min, doubling, capped at an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(circuitCooldownMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
    expect(CIRCUIT_MAX_COOLDOWN_MS).toBe(3_600_000);
  });

  it("the attempt that opens it says so, with when deliveries resume", () => {
    const { state } = run(CLOSED, [timeout, timeout, timeout]);
    expect(describeCircuitChange("opened", state)).toBe(
      "3 timeouts in a row: circuit opened, deliveries to this endpoint paused until 2026-11-27T10:01:00Z",
    );
    const reopened = circuitAfter(state, { timedOut: true, probe: true }, at(60_000)).state;
    expect(describeCircuitChange("reopened", reopened)).toBe(
      "the probe timed out too: circuit opened again, deliveries to this endpoint paused until 2026-11-27T10:03:00Z",
    );
    expect(describeCircuitChange(null, state)).toBeNull();
    expect(describeCircuitChange("closed", CLOSED)).toBeNull();
  });
});
