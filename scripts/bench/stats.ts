// Figures the benches print: nearest-rank percentiles (the value at rank ⌈p/100 · n⌉ of the sorted
// sample), so p50 of [1, 2, 3, 4] is 2 and p95 of 20 runs is the 19th.

/** The `p`th percentile (0–100) of `values` (any order; not changed); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);
