// What the experiments screens show, as props: the shapes lib/domain/experiments returns, only the
// fields these components read (so they stay presentational and easy to render in a test).

export type ExperimentStatus = "draft" | "running" | "stopped";

export type VariantOffer = { id: string; type: string; label: string; enabled: boolean };

export type ExperimentVariantView = {
  key: string;
  offerId: string | null;
  holdout: boolean;
  weight: number;
  offer: VariantOffer | null;
};

export type ExperimentView = {
  id: string;
  name: string;
  reasonKey: string | null;
  status: ExperimentStatus;
  startedAt: Date | string | null;
  stoppedAt: Date | string | null;
  winnerVariant: string | null;
  createdAt: Date | string;
  variants: ExperimentVariantView[];
};

export type VariantResultView = {
  key: string;
  offerId: string | null;
  holdout: boolean;
  sessions: number;
  shown: number;
  accepted: number;
  saves: number;
  saveRate: number | null;
  interval: readonly [number, number] | null;
  mrrSaved: number;
  validated: {
    sessions: number;
    saves: number;
    saveRate: number | null;
    interval: readonly [number, number] | null;
  };
};

export type LiftView = {
  variant: string;
  vsHoldout: number | null;
  pValue: number | null;
  enoughData: boolean;
};

export type ResultsView = {
  computedAt: Date | string;
  enoughData: boolean;
  variants: VariantResultView[];
  lift: LiftView[];
};

/** "Pause (Take a break)", "No offer (holdout)": how a variant's offer reads in lists and tables. */
export function offerName(v: { holdout: boolean; offer: VariantOffer | null }): string {
  if (v.holdout) return "No offer (holdout)";
  if (!v.offer) return "Offer deleted";
  return `${OFFER_TYPE_LABELS[v.offer.type] ?? v.offer.type}: ${v.offer.label}`;
}

export const OFFER_TYPE_LABELS: Record<string, string> = {
  discount: "Discount",
  pause: "Pause",
  plan_change: "Plan change",
  extension: "Extension",
};
