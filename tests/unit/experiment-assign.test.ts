import { describe, expect, it } from "vitest";
import { assignVariant } from "@/lib/domain/experiments/assign";
import type { OfferCandidate } from "@/lib/domain/reasons-offers/choose-offer";
import { decideOffer, type OfferFacts } from "@/lib/domain/reasons-offers/decide-offer";

const variants = [
  { key: "discount", offerId: "off_a", weight: 50 },
  { key: "pause", offerId: "off_b", weight: 25 },
  { key: "holdout", offerId: null, weight: 25 },
];

describe("assignVariant", () => {
  it("gives the same customer the same variant every time", () => {
    for (let i = 0; i < 200; i++) {
      const first = assignVariant("exp_1", "prod", `cus_${i}`, variants)!.key;
      expect(assignVariant("exp_1", "prod", `cus_${i}`, variants)!.key).toBe(first);
    }
  });

  it("shuffles customers independently in another experiment", () => {
    const users = Array.from({ length: 2000 }, (_, i) => `cus_${i}`);
    const same = users.filter(
      (u) =>
        assignVariant("exp_1", "prod", u, variants)!.key === assignVariant("exp_2", "prod", u, variants)!.key,
    ).length;
    // Independent: P(same) = 0.5² + 0.25² + 0.25² = 0.375; identical assignment would be 1.
    expect(same / users.length).toBeGreaterThan(0.33);
    expect(same / users.length).toBeLessThan(0.42);
  });

  it("splits 20,000 customers by weight (50/25/25, each within ±2 points)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = assignVariant("exp_dist", "prod", `user-${i}`, variants)!.key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Math.abs(counts.get("discount")! / 20_000 - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(counts.get("pause")! / 20_000 - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(counts.get("holdout")! / 20_000 - 0.25)).toBeLessThan(0.02);
  });

  it("none without weight", () => {
    expect(assignVariant("exp_1", "prod", "cus_1", [])).toBeNull();
  });
});

const offer = (id: string, over: Partial<OfferCandidate> = {}): OfferCandidate => ({
  id,
  reasonId: null,
  type: "discount",
  label: id,
  terms: { percentOff: 20, durationMonths: 3 },
  targeting: {},
  position: 0,
  ...over,
});

/** A customer in the experiment's holdout, and one in an offer variant. */
const experiment = { id: "exp_decide", variants };
const userIn = (key: string) => {
  for (let i = 0; ; i++) {
    if (assignVariant(experiment.id, "prod", `cus_${i}`, variants)!.key === key) return `cus_${i}`;
  }
};

const facts = (over: Partial<OfferFacts<OfferCandidate>> = {}): OfferFacts<OfferCandidate> => ({
  offers: [offer("off_a"), offer("off_b", { type: "pause", terms: { maxMonths: 3 } })],
  reasonId: "r1",
  customer: { plan: null, mrr: null, tenureDays: null },
  environment: "prod",
  userId: "cus_1",
  experiment: null,
  eligible: true,
  inCooldown: false,
  ...over,
});

describe("decideOffer", () => {
  it("an offer variant shows its own offer", () => {
    const d = decideOffer(facts({ experiment, userId: userIn("pause") }));
    expect(d.offer?.id).toBe("off_b");
    expect(d.experiment).toEqual({ id: "exp_decide", variant: "pause" });
    expect(d.noOfferReason).toBeNull();
  });

  it("the holdout shows no offer and says why", () => {
    const d = decideOffer(facts({ experiment, userId: userIn("holdout") }));
    expect(d).toEqual({
      offer: null,
      noOfferReason: "holdout",
      experiment: { id: "exp_decide", variant: "holdout" },
    });
  });

  it("an ineligible customer or one in cooldown sees none but keeps the variant", () => {
    const userId = userIn("discount");
    expect(decideOffer(facts({ experiment, userId, eligible: false }))).toEqual({
      offer: null,
      noOfferReason: "ineligible",
      experiment: { id: "exp_decide", variant: "discount" },
    });
    expect(decideOffer(facts({ experiment, userId, inCooldown: true }))).toEqual({
      offer: null,
      noOfferReason: "cooldown",
      experiment: { id: "exp_decide", variant: "discount" },
    });
  });

  it("outside experiments: the first matching offer, or no_match", () => {
    expect(decideOffer(facts()).offer?.id).toBe("off_a");
    const d = decideOffer(facts({ offers: [offer("off_t", { targeting: { plans: ["enterprise"] } })] }));
    expect(d).toEqual({ offer: null, noOfferReason: "no_match", experiment: null });
  });
});
