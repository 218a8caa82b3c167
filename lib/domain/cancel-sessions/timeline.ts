import { Prisma } from "@/lib/db";

export const TIMELINE_STEPS = [
  "created",
  "opened",
  "reason_selected",
  "variant_assigned",
  "no_offer",
  "offer_shown",
  "offer_accepted",
  "offer_declined",
  "completed",
  "expired",
  "result_verified",
  // The compliance record (lib/domain/compliance/record.ts): every page shown, with the actions it
  // offered ({ page, locale, actions }), every click posted ({ action, page, accepted }), the receipt.
  // Pages (HOSTED_PAGES in flow.ts): reason, offer, confirm (also de_312k's landing page), start
  // (fr_3_clicks' landing), recap (fr_3_clicks), withdraw (a withdrawal's landing), receipt,
  // result (an accepted offer's page), expired (a finished link after 24 h). Actions: reason,
  // cancel_now, accept, decline, confirm, withdraw, survey (posts; "unknown" for anything else),
  // and the receipt page's links download_receipt and return (offered, never posted).
  "page_shown",
  "action",
  "receipt_created",
  "receipt_emailed",
  "receipt_email_failed",
  "survey_answered",
] as const;
export type TimelineStep = (typeof TIMELINE_STEPS)[number];

export type TimelineEntry = { step: TimelineStep; at: string; data?: Record<string, unknown> };

export function entry(step: TimelineStep, at: Date, data?: Record<string, unknown>): TimelineEntry {
  return data ? { step, at: at.toISOString(), data } : { step, at: at.toISOString() };
}

/** Appends atomically (jsonb `||`), so concurrent steps never overwrite each other's entries. */
export function timelineAppend(entries: TimelineEntry[]): Prisma.Sql {
  return Prisma.sql`timeline = timeline || ${JSON.stringify(entries)}::jsonb`;
}
