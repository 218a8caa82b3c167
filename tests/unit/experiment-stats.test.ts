// Reference values computed independently with Python 3's standard library (math.erfc, math.sqrt),
// from the textbook formulas, not from this code:
//   Wilson: p = s/n, d = 1 + z²/n, centre = (p + z²/2n)/d, half = z/d · sqrt(p(1−p)/n + z²/4n²)
//   z-test: pooled = (s1+s2)/(n1+n2), z = (s1/n1 − s2/n2) / sqrt(pooled(1−pooled)(1/n1 + 1/n2)),
//           p = erfc(|z|/√2)
// e.g. python3 -c "import math; print(math.erfc(2.1908902300206647/math.sqrt(2)))" → 0.02845973691631057
import { describe, expect, it } from "vitest";
import { erfc, normalCdf, twoProportionZTest, wilsonInterval, Z_95 } from "@/lib/domain/experiments/stats";

const close = (actual: number, expected: number, digits = 7) => expect(actual).toBeCloseTo(expected, digits);

describe("erfc and the normal CDF", () => {
  it.each([
    [0, 1.0],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047265],
    [3, 2.2090496998585438e-5],
    [-1, 1.842700792949715],
  ])("erfc(%s) = %s (to 7 decimals)", (x, expected) => close(erfc(x), expected));

  it("the normal CDF: 0.5 at 0, 0.975 at the 95 % z", () => {
    close(normalCdf(0), 0.5);
    close(normalCdf(Z_95), 0.975);
    close(normalCdf(-Z_95), 0.025);
  });
});

describe("wilsonInterval", () => {
  it.each([
    [81, 263, [0.2552885198782742, 0.36620957698280004]],
    [5, 50, [0.04347576493189041, 0.21360231437479654]],
    [50, 100, [0.4038315303659956, 0.5961684696340044]],
    [0, 10, [0, 0.2775327998628892]],
    [10, 10, [0.7224672001371107, 1]],
  ] as const)("%s of %s → %j", (s, n, [lo, hi]) => {
    const got = wilsonInterval(s, n)!;
    close(got[0], lo, 9);
    close(got[1], hi, 9);
  });

  it("another z gives another confidence (90 %: 1.6448536269514722)", () => {
    const [lo, hi] = wilsonInterval(81, 263, 1.6448536269514722)!;
    close(lo, 0.2633136171884814, 9);
    close(hi, 0.35656634960848815, 9);
  });

  it("stays inside [0, 1] and is null without observations", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    const [lo, hi] = wilsonInterval(1, 1)!;
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
  });
});

describe("twoProportionZTest (two-sided, pooled variance)", () => {
  it.each([
    [45, 100, 30, 100, 2.1908902300206647, 0.02845973691631057],
    [30, 100, 45, 100, -2.1908902300206647, 0.02845973691631057],
    [120, 400, 100, 400, 1.5836151649297912, 0.11328132078670143],
    [10, 40, 2, 35, 2.272843225242474, 0.023035629161839915],
    [500, 1000, 480, 1000, 0.894606130121643, 0.37099767373660797],
  ])("%s/%s vs %s/%s → z %s, p %s", (s1, n1, s2, n2, z, p) => {
    const got = twoProportionZTest(s1, n1, s2, n2);
    close(got.z, z, 9);
    close(got.pValue, p, 6);
  });

  it("no variance (both 0 % or both 100 %): no difference, z 0 and p 1", () => {
    expect(twoProportionZTest(0, 30, 0, 40)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest(5, 5, 1, 1)).toEqual({ z: 0, pValue: 1 });
  });

  it("a p-value as soon as each arm has one session", () => {
    const { pValue } = twoProportionZTest(1, 1, 0, 1);
    expect(pValue).toBeGreaterThan(0);
    expect(pValue).toBeLessThanOrEqual(1);
  });
});
