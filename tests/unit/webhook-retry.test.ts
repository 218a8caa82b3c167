import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { DEFAULT_RETRY_SCHEDULE, nextRetryDelayMs, parseRetryAfter } from "@/lib/webhooks/retry";

const schedule = DEFAULT_RETRY_SCHEDULE;
const at = (random: number) => () => random;

describe("retry schedule", () => {
  it("is 60 s, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h, 48 h, then dead", () => {
    expect(schedule).toEqual([60, 300, 1800, 7200, 21600, 43200, 86400, 172800]);
    const delays = schedule.map((_, i) => nextRetryDelayMs({ attempt: i + 1, schedule, random: at(0.5) }));
    expect(delays).toEqual(schedule.map((s) => s * 1000));
    expect(nextRetryDelayMs({ attempt: 9, schedule, random: at(0.5) })).toBeNull();
  });

  it("adds ±20 % jitter", () => {
    expect(nextRetryDelayMs({ attempt: 1, schedule, random: at(0) })).toBe(48_000);
    expect(nextRetryDelayMs({ attempt: 1, schedule, random: at(0.999999) })).toBeCloseTo(72_000, -2);
    for (let i = 0; i < 200; i++) {
      const d = nextRetryDelayMs({ attempt: 2, schedule })!;
      expect(d).toBeGreaterThanOrEqual(240_000);
      expect(d).toBeLessThanOrEqual(360_000);
    }
  });

  it("honours a longer Retry-After, never a shorter one, and never past a day", () => {
    expect(nextRetryDelayMs({ attempt: 1, schedule, retryAfterSeconds: 3600, random: at(0.5) })).toBe(
      3_600_000,
    );
    expect(nextRetryDelayMs({ attempt: 1, schedule, retryAfterSeconds: 5, random: at(0.5) })).toBe(60_000);
    expect(nextRetryDelayMs({ attempt: 1, schedule, retryAfterSeconds: 10 ** 9, random: at(0.5) })).toBe(
      86_400_000,
    );
    expect(nextRetryDelayMs({ attempt: 9, schedule, retryAfterSeconds: 60 })).toBeNull();
  });

  it("can be replaced by WEBHOOK_RETRY_SCHEDULE", () => {
    const custom = parseEnv({ WEBHOOK_RETRY_SCHEDULE: "5, 10" }).WEBHOOK_RETRY_SCHEDULE!;
    expect(custom).toEqual([5, 10]);
    expect(nextRetryDelayMs({ attempt: 2, schedule: custom, random: at(0.5) })).toBe(10_000);
    expect(nextRetryDelayMs({ attempt: 3, schedule: custom })).toBeNull();
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-27T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Fri, 27 Nov 2026 10:05:00 GMT", now)).toBe(300);
    expect(parseRetryAfter("Fri, 27 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("")).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter("-5")).toBeNull();
  });
});
