import { type Targeting, targetingSchema } from "./schema";
import type { OfferKind } from "./terms";

export type OfferCandidate = {
  id: string;
  reasonId: string | null;
  type: "none" | OfferKind;
  label: string;
  terms: unknown;
  targeting: unknown;
  position: number;
};

export type CustomerContext = { plan: string | null; mrr: number | null; tenureDays: number | null };

export function matchesTargeting(t: Targeting, c: CustomerContext): boolean {
  if (t.plans?.length && (c.plan === null || !t.plans.includes(c.plan))) return false;
  if (t.minMrr !== undefined && (c.mrr === null || c.mrr < t.minMrr)) return false;
  if (t.maxMrr !== undefined && (c.mrr === null || c.mrr > t.maxMrr)) return false;
  if (t.minTenureDays !== undefined && (c.tenureDays === null || c.tenureDays < t.minTenureDays))
    return false;
  if (t.maxTenureDays !== undefined && (c.tenureDays === null || c.tenureDays > t.maxTenureDays))
    return false;
  return true;
}

/**
 * The one offer a customer sees for a reason: offers for that reason first, then offers for every
 * reason, each group in the merchant's order; the first whose targeting matches. None → no offer.
 */
export function chooseOffer<O extends OfferCandidate>(
  offers: O[],
  reasonId: string,
  customer: CustomerContext,
): O | null {
  const ranked = offers
    .filter((o) => o.type !== "none" && (o.reasonId === reasonId || o.reasonId === null))
    .sort((a, b) => Number(a.reasonId === null) - Number(b.reasonId === null) || a.position - b.position);
  for (const offer of ranked) {
    const targeting = targetingSchema.safeParse(offer.targeting ?? {});
    // Stored targeting that no longer parses is treated as "matches nobody", never as "everyone".
    if (targeting.success && matchesTargeting(targeting.data, customer)) return offer;
  }
  return null;
}
