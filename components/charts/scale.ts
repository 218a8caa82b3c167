// Axis scales for the dashboard's charts: ticks a reader can add up in their head.

/** The smallest "nice" step (1, 2 or 5 × 10^n) that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / magnitude;
  // Compare with a little slack so 2.0000000001 (floating point) stays 2.
  const nice = [1, 2, 5, 10].find((m) => mantissa <= m * (1 + 1e-9)) ?? 10;
  return nice * magnitude;
}

/**
 * Ticks from 0 that cover `max` in about `target` steps of 1/2/5 × 10^n, e.g. 105 → 0, 50, 100, 150
 * (never 0, 35, 70, 105). Counts pass `integer` so a small maximum still steps by whole numbers.
 */
export function niceTicks(max: number, { target = 4, integer = true } = {}): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : integer ? 1 : 1;
  let step = niceStep(top / target);
  if (integer) step = Math.max(1, step);
  const last = Math.ceil(top / step - 1e-9) * step;
  const ticks: number[] = [];
  // Round each tick: 0.1 + 0.2 style sums must not print as 0.30000000000000004.
  for (let v = 0; v <= last + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}
