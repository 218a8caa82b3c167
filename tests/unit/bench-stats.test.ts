// The benches' percentiles: nearest rank, as the README's p50/p95 figures read.
import { describe, expect, it } from "vitest";
import { median, percentile } from "../../scripts/bench/stats";

describe("bench percentiles", () => {
  it("take the value at rank ⌈p/100 · n⌉ of the sorted sample, whatever its order", () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    const runs = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
    expect(percentile(runs, 95)).toBe(19);
    expect(percentile(runs, 99)).toBe(20);
    expect(percentile(runs, 0)).toBe(1);
    expect(runs[0]).toBe(20); // the caller's array is left as it was
  });

  it("is NaN for an empty sample, never a made-up 0", () => {
    expect(percentile([], 50)).toBeNaN();
  });
});
