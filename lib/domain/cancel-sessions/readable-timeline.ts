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

/** The compliance modes in words (lib/domain/compliance/mode.ts). */
export const MODE_WORDS: Record<string, string> = {
  standard: "Standard: reasons and offers, a way to cancel on every step",
  click_to_cancel: "Click to cancel (EU, UK, California, New York): cancelled in at most 2 clicks",
  de_312k: "Germany, §312k BGB: the cancellation page with the “Jetzt kündigen” button",
  fr_3_clicks: "France, résiliation en 3 clics: at most 3 clicks, no offer",
};

/** The hosted pages, as the timeline's page_shown and action entries name them. */
export const PAGE_WORDS: Record<string, string> = {
  reason: "Reason",
  offer: "Offer",
  confirm: "Confirmation",
  start: "Start",
  recap: "Recap",
  withdraw: "Withdrawal",
  receipt: "Receipt",
  result: "Result",
};

/** The customer's actions (the hosted flow's form posts and links), in words. */
export const ACTION_WORDS: Record<string, string> = {
  reason: "Choose a reason",
  accept: "Accept the offer",
  decline: "Decline the offer",
  cancel_now: "Cancel now",
  withdraw: "Withdraw from contract",
  confirm: "Confirm",
  survey: "Answer the survey",
  return: "Return to the merchant",
  download_receipt: "Download the receipt",
};

export const pageInWords = (page: string) => PAGE_WORDS[page] ?? page;
export const actionInWords = (action: string) => ACTION_WORDS[action] ?? action;
export const modeInWords = (mode: string) => MODE_WORDS[mode] ?? mode;

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
    case "page_shown": {
      const page = text(e.data?.page);
      const actions = Array.isArray(e.data?.actions)
        ? e.data.actions.filter((a): a is string => typeof a === "string")
        : [];
      const locale = text(e.data?.locale);
      return {
        title: `Page shown: ${page ? pageInWords(page) : "unknown"}`,
        detail:
          [
            actions.length ? `Offered: ${actions.map(actionInWords).join(", ")}.` : "No actions offered.",
            locale ? `Language ${locale}.` : "",
          ]
            .join(" ")
            .trim() || undefined,
        tone: "neutral",
      };
    }
    case "action": {
      const action = text(e.data?.action);
      const page = text(e.data?.page);
      const accepted = e.data?.accepted !== false;
      return {
        title: `Customer clicked ${action ? `“${actionInWords(action)}”` : "a button"}`,
        detail:
          [
            page ? `On the ${pageInWords(page).toLowerCase()} page.` : "",
            accepted ? "" : "Not taken: it was not possible at this step, or a field was missing.",
          ]
            .join(" ")
            .trim() || undefined,
        tone: accepted ? "brand" : "warning",
      };
    }
    case "receipt_created":
      return {
        title: "Receipt created",
        detail: text(e.data?.receiptId) ? `Receipt ${text(e.data?.receiptId)}.` : undefined,
        tone: "success",
      };
    case "receipt_emailed": {
      const messageId = text(e.data?.messageId);
      return {
        title: "Receipt emailed to the customer",
        detail: messageId ? `Message-ID ${messageId}.` : undefined,
        tone: "success",
      };
    }
    case "receipt_email_failed":
      return {
        title: "Receipt email failed",
        detail: text(e.data?.error) ?? "The email server refused or could not be reached.",
        tone: "danger",
      };
    case "survey_answered": {
      const key = text(e.data?.reasonKey);
      return {
        title: "Survey answered",
        detail: key ? `${label(key)} (${key})` : undefined,
        tone: "neutral",
      };
    }
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
