// Which offer a hosted session shows, and when none, why. Pure: the flow loads the facts in one
// query (flow.ts, offerFacts) and records the decision.
import { assignVariant, type VariantWeight } from "@/lib/domain/experiments/assign";
import { type CustomerContext, chooseOffer, type OfferCandidate } from "./choose-offer";

export const NO_OFFER_REASONS = ["no_match", "cooldown", "ineligible", "holdout"] as const;
export type NoOfferReason = (typeof NO_OFFER_REASONS)[number];

export type RunningExperiment = { id: string; variants: VariantWeight[] };

export type OfferFacts<O extends OfferCandidate> = {
  /** Enabled offers for the reason or every reason, and the experiment's variant offers. */
  offers: O[];
  reasonId: string;
  customer: CustomerContext;
  environment: string;
  userId: string;
  /** The running experiment whose scope holds the reason (a reason's own before every reason's). */
  experiment: RunningExperiment | null;
  /** The cancel link's `eligibleForOffers`. */
  eligible: boolean;
  /** The customer accepted an offer within the workspace's cooldown. */
  inCooldown: boolean;
};

export type OfferDecision<O> = {
  offer: O | null;
  noOfferReason: NoOfferReason | null;
  experiment: { id: string; variant: string } | null;
};

/**
 * Assignment comes first, so a session in an experiment's scope always records its variant; then
 * the customer's eligibility (`ineligible`, `cooldown`); then the variant (a holdout shows none) or,
 * outside experiments, the first offer whose targeting matches (`no_match` when none does).
 */
export function decideOffer<O extends OfferCandidate>(f: OfferFacts<O>): OfferDecision<O> {
  const variant = f.experiment
    ? assignVariant(f.experiment.id, f.environment, f.userId, f.experiment.variants)
    : null;
  const experiment = f.experiment && variant ? { id: f.experiment.id, variant: variant.key } : null;
  const none = (noOfferReason: NoOfferReason): OfferDecision<O> => ({
    offer: null,
    noOfferReason,
    experiment,
  });

  if (!f.eligible) return none("ineligible");
  if (f.inCooldown) return none("cooldown");
  if (variant) {
    if (variant.offerId === null) return none("holdout");
    // The variant's offer replaces normal selection (its targeting does not apply in the experiment).
    const offer = f.offers.find((o) => o.id === variant.offerId && o.type !== "none");
    return offer ? { offer, noOfferReason: null, experiment } : none("no_match");
  }
  // chooseOffer considers only the reason's own and every-reason offers (the facts also hold variants' offers).
  const offer = chooseOffer(f.offers, f.reasonId, f.customer);
  return offer ? { offer, noOfferReason: null, experiment } : none("no_match");
}
