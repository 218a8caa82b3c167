import { describe, expect, it } from "vitest";
import { niceStep, niceTicks } from "@/components/charts/scale";
import { isPartialWeek, markPartialWeeks } from "@/lib/domain/analytics/partial-week";

describe("chart ticks a reader can add up", () => {
  it("steps are 1, 2 or 5 × 10^n", () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.3)).toBe(2);
    expect(niceStep(2)).toBe(2);
    expect(niceStep(26.25)).toBe(50);
    expect(niceStep(35)).toBe(50);
    expect(niceStep(120)).toBe(200);
    expect(niceStep(0.03)).toBe(0.05);
  });

  it("a maximum of 105 gives 0, 50, 100, 150, not 0, 35, 70, 105", () => {
    expect(niceTicks(105)).toEqual([0, 50, 100, 150]);
  });

  it("covers the maximum, starts at zero, and uses whole numbers for counts", () => {
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(101)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(17)).toEqual([0, 5, 10, 15, 20]);
  });

  it("a percentage axis steps by 20; fractions stay exact", () => {
    expect(niceTicks(100, { target: 5 })).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.3, { integer: false })).toEqual([0, 0.1, 0.2, 0.3]);
  });
});

describe("the unfinished week is partial", () => {
  // An injected clock: Wednesday 2026-03-11 15:00 UTC.
  const now = new Date("2026-03-11T15:00:00Z");

  it("a week that has not ended at `now` is partial; one that ended is not", () => {
    expect(isPartialWeek("2026-03-09", now)).toBe(true);
    expect(isPartialWeek("2026-03-05", now)).toBe(true);
    expect(isPartialWeek("2026-03-04", now)).toBe(false); // ended at 2026-03-11 00:00
    expect(isPartialWeek("2026-03-02", now)).toBe(false);
    expect(isPartialWeek("2026-02-23", now)).toBe(false);
  });

  it("a week ending exactly at `now` is complete", () => {
    expect(isPartialWeek("2026-03-04", new Date("2026-03-11T00:00:00Z"))).toBe(false);
  });

  it("flags only the last week of a trend that ends after now", () => {
    const weeks = ["2026-02-26", "2026-03-05"].map((weekStart) => ({ weekStart, recovered: 1 }));
    expect(markPartialWeeks(weeks, now).map((w) => w.partial)).toEqual([false, true]);
    expect(markPartialWeeks(weeks, new Date("2026-04-01T00:00:00Z")).map((w) => w.partial)).toEqual([
      false,
      false,
    ]);
  });
});
