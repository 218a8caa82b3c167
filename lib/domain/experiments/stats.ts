// The statistics of experiment results: pure functions, checked against reference values computed
// independently (tests/unit/experiment-stats.test.ts).

/** z for a two-sided 95 % interval: the normal distribution's 97.5th percentile. */
export const Z_95 = 1.959963984540054;

/**
 * The complementary error function, erfc(x) = 1 − erf(x). Chebyshev fit of Numerical Recipes in C
 * (2nd ed., §6.2, `erfcc`): fractional error below 1.2e-7 everywhere.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≤ x) for a standard normal Z. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The Wilson score interval of a proportion (successes out of n), clamped to [0, 1]: unlike the
 * normal approximation it stays inside [0, 1] and is sensible for small n and rates near 0 or 1.
 * Null when n is 0 (no proportion to estimate).
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): [number, number] | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/**
 * Two-sided two-proportion z-test with the pooled variance: is s1/n1 different from s2/n2? When
 * the pooled variance is 0 (both arms 0 % or both 100 %) there is no difference to see: z = 0,
 * pValue = 1. Needs n1, n2 ≥ 1.
 */
export function twoProportionZTest(
  s1: number,
  n1: number,
  s2: number,
  n2: number,
): { z: number; pValue: number } {
  if (n1 <= 0 || n2 <= 0) throw new RangeError("twoProportionZTest needs at least one observation per arm");
  const pooled = (s1 + s2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return { z: 0, pValue: 1 };
  const z = (s1 / n1 - s2 / n2) / Math.sqrt(variance);
  const pValue = Math.min(1, Math.max(0, erfc(Math.abs(z) / Math.SQRT2)));
  return { z, pValue };
}
