// A hosted session's diagnostics as sentences a merchant can read top to bottom: the stored
// timeline steps, plus the result-token times (kept as columns, not steps) and, while the link
// is still live, when it will expire.
import type { TimelineEntry } from "./timeline";

export type TimelineTone = "neutral" | "brand" | "success" | "danger" | "warning";

export type TimelineItem = {
  key: string;
  at: string;
  title: string;
  detail?: string;
  tone: TimelineTone;
  /** Not happened yet (the link's expiry). */
  upcoming?: boolean;
};

export type TimelineSource = {
  status: string;
  outcome: string | null;
  returnHost: string | null;
  expiresAt: string;
  timeline: TimelineEntry[];
  resultToken: { issuedAt: string | null; verifiedAt: string | null };
};

/** Why a session showed no offer, in words (decide-offer.ts names the reasons). */
export const NO_OFFER_DETAIL: Record<string, string> = {
  no_match: "No offer matches this reason and customer.",
  cooldown: "The customer accepted an offer within the workspace's cooldown.",
  ineligible: "The cancel link said eligibleForOffers: false.",
  holdout: "The experiment's holdout: no offer, to measure who stays anyway.",
};

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function describeStep(
  e: TimelineEntry,
  s: TimelineSource,
  label: (key: string) => string,
): Omit<TimelineItem, "key" | "at"> {
  switch (e.step) {
    case "created":
      return {
        title: "Cancel link created",
        detail: "Your backend called POST /api/v1/cancel-link.",
        tone: "neutral",
      };
    case "opened":
      return { title: "Customer opened the link", tone: "brand" };
    case "reason_selected": {
      const key = text(e.data?.reasonKey);
      return { title: "Reason chosen", detail: key ? `${label(key)} (${key})` : undefined, tone: "brand" };
    }
    case "variant_assigned": {
      const variant = text(e.data?.variant);
      return {
        title: "Experiment variant assigned",
        detail: variant
          ? `Variant ${variant} of experiment ${text(e.data?.experimentId) ?? ""}`.trim()
          : undefined,
        tone: "neutral",
      };
    }
    case "no_offer": {
      const why = text(e.data?.reason);
      return {
        title: "No offer shown",
        detail: why ? (NO_OFFER_DETAIL[why] ?? why) : undefined,
        tone: "neutral",
      };
    }
    case "offer_shown": {
      const offer = text(e.data?.label);
      const type = text(e.data?.type);
      return {
        title: "Offer shown",
        detail: offer ? `${offer}${type ? ` (${type})` : ""}` : undefined,
        tone: "brand",
      };
    }
    case "offer_accepted":
      return { title: "Offer accepted", tone: "success" };
    case "offer_declined":
      return { title: "Offer declined", tone: "warning" };
    case "completed": {
      const outcome = text(e.data?.outcome) ?? s.outcome ?? undefined;
      return {
        title: outcome === "recovered" ? "Completed: customer stayed" : "Completed: customer cancelled",
        detail: outcome ? `Outcome ${outcome}.` : undefined,
        tone: outcome === "recovered" ? "success" : "danger",
      };
    }
    case "expired":
      return {
        title: "Link expired",
        detail:
          s.outcome === "abandoned"
            ? "Opened but not finished: recorded as an abandoned cancellation."
            : "Never opened: nothing was recorded.",
        tone: "warning",
      };
    case "result_verified":
      return { title: "Result token verified", tone: "success" };
    default:
      return { title: String(e.step), tone: "neutral" };
  }
}

export function readableTimeline(s: TimelineSource, label: (key: string) => string): TimelineItem[] {
  const items: TimelineItem[] = s.timeline.map((e, i) => ({
    key: `${i}-${e.step}`,
    at: e.at,
    ...describeStep(e, s, label),
  }));
  if (s.resultToken.issuedAt) {
    items.push({
      key: "token-issued",
      at: s.resultToken.issuedAt,
      title: "Result token issued",
      detail: `Customer sent back to ${s.returnHost ?? "the return URL"} with #ci_result_token.`,
      tone: "neutral",
    });
  }
  if (s.resultToken.verifiedAt && !s.timeline.some((e) => e.step === "result_verified")) {
    items.push({
      key: "token-verified",
      at: s.resultToken.verifiedAt,
      title: "Result token verified",
      detail: "Checked through POST /api/v1/cancel-results/verify.",
      tone: "success",
    });
  }
  if (s.status === "created" || s.status === "opened") {
    items.push({
      key: "expires",
      at: s.expiresAt,
      title: "Link expires",
      detail:
        s.status === "opened"
          ? "If the customer has not finished by then, it is recorded as an abandoned cancellation."
          : "Unopened links simply expire; nothing is recorded.",
      tone: "neutral",
      upcoming: true,
    });
  }
  // Stable: steps recorded in the same instant keep the order they were written in.
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
