// The compliance record of one hosted session: what the customer was shown and did, read from the
// session's timeline plus its receipt (DESIGN 12). Pure: the API, the dashboard and the export all
// build it from the rows they already read, so the three cannot disagree.
import { z } from "zod";
import type { CancelSession, Receipt } from "@/lib/db";
import type { TimelineEntry } from "@/lib/domain/cancel-sessions/timeline";
import { COMPLIANCE_MODES } from "./mode";

const NO_OFFER_REASONS = ["no_match", "cooldown", "ineligible", "holdout"] as const;

export const compliancePageSchema = z
  .object({
    page: z.string().meta({
      description: 'Which page: "reason", "offer", "confirm", "recap", "receipt", "withdraw", …',
    }),
    at: z.string().meta({ description: "When the page was rendered (ISO 8601, UTC)." }),
    actions: z.array(z.string()).meta({ description: "The actions (buttons, links) the page offered." }),
  })
  .meta({ id: "CompliancePage" });

export const complianceRecordSchema = z
  .object({
    sessionId: z.string().meta({ description: "cs_…: the session, and the receipt's reference." }),
    environment: z.enum(["prod", "sandbox"]),
    createdAt: z.string().meta({ description: "When the cancel link was created." }),
    jurisdiction: z.string().nullable().meta({
      description: 'Where the customer is, as the mode decision read it: "DE", "US-CA"; null when unknown.',
    }),
    mode: z.enum(COMPLIANCE_MODES).meta({ description: "The compliance mode the flow followed." }),
    locale: z.string().meta({ description: "The language the pages were shown in." }),
    intent: z.enum(["cancel", "withdrawal"]),
    pages: z.array(compliancePageSchema).meta({
      description:
        "Every page shown, oldest first, with the actions it offered. Empty for sessions from before page views were recorded.",
    }),
    clicksToConfirmation: z.number().int().nullable().meta({
      description:
        "Clicks (form posts, refused ones included) from landing up to and including the one that confirmed: the clicks to the receipt page. null when not confirmed, or when the session predates click recording.",
    }),
    confirmedAt: z.string().nullable().meta({
      description:
        "When the cancellation or withdrawal was confirmed; null when it was not (still open, expired, or the customer accepted an offer).",
    }),
    outcome: z.enum(["churned", "recovered", "abandoned"]).nullable(),
    offer: z.object({
      shown: z.boolean().meta({ description: "Whether any retention offer was shown." }),
      noOfferReason: z.enum(NO_OFFER_REASONS).nullable().meta({
        description:
          "Why no offer was shown (no_match, cooldown, ineligible, holdout); null when one was, or none was decided (modes without offers, withdrawals).",
      }),
    }),
    receipt: z
      .object({
        id: z.string().meta({ description: "rc_…" }),
        createdAt: z.string(),
        emailed: z.boolean(),
        emailedAt: z.string().nullable(),
        messageId: z.string().nullable().meta({ description: "The confirmation email's Message-ID." }),
      })
      .nullable()
      .meta({ description: "The receipt of a confirmed cancellation or withdrawal; null when none." }),
    resultToken: z.object({
      issued: z.boolean().meta({ description: "Whether the customer was sent back with #ci_result_token." }),
      issuedAt: z.string().nullable(),
    }),
  })
  .meta({ id: "ComplianceRecord" });
export type ComplianceRecord = z.infer<typeof complianceRecordSchema>;

/** The session columns the record reads (the timeline as stored: a JSON array of TimelineEntry). */
export type ComplianceSessionRow = { timeline: unknown } & Pick<
  CancelSession,
  | "id"
  | "environment"
  | "createdAt"
  | "jurisdiction"
  | "complianceMode"
  | "locale"
  | "intent"
  | "outcome"
  | "completedAt"
  | "offerShownAt"
  | "noOfferReason"
  | "resultTokenIssuedAt"
>;
export type ComplianceReceiptRow = Pick<Receipt, "id" | "createdAt" | "emailedAt" | "messageId">;

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const iso = (d: Date | null) => d?.toISOString() ?? null;

function timelineOf(session: ComplianceSessionRow): TimelineEntry[] {
  const t = session.timeline;
  return Array.isArray(t)
    ? (t.filter((e) => e && typeof e === "object" && "step" in e && "at" in e) as TimelineEntry[])
    : [];
}

/** The entry that confirmed a cancellation or withdrawal: "completed" with an outcome other than recovered. */
function confirmationIndex(timeline: TimelineEntry[], session: ComplianceSessionRow): number {
  return timeline.findIndex(
    (e) => e.step === "completed" && (text(e.data?.outcome) ?? session.outcome) === "churned",
  );
}

/**
 * The clicks from landing to the receipt page: every "action" in timeline order, up to and
 * including the first one written at or after the confirmation (the confirming click may be
 * appended just before or just after the "completed" entry, in the same instant).
 */
function clicksUntil(timeline: TimelineEntry[], confirmed: number): number | null {
  const done = timeline[confirmed]!;
  let clicks = 0;
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline[i]!;
    if (e.step !== "action") continue;
    clicks++;
    if (i > confirmed || Date.parse(e.at) >= Date.parse(done.at)) return clicks;
  }
  // Sessions from before clicks were recorded have none: say unknown, not 0.
  return clicks === 0 ? null : clicks;
}

export function complianceRecord(
  session: ComplianceSessionRow,
  receipt: ComplianceReceiptRow | null,
): ComplianceRecord {
  const timeline = timelineOf(session);
  const confirmed = confirmationIndex(timeline, session);
  const noOfferReason = NO_OFFER_REASONS.find((r) => r === session.noOfferReason) ?? null;
  return {
    sessionId: session.id,
    environment: session.environment,
    createdAt: session.createdAt.toISOString(),
    jurisdiction: session.jurisdiction,
    mode: session.complianceMode,
    locale: session.locale,
    intent: session.intent,
    pages: timeline
      .filter((e) => e.step === "page_shown")
      .map((e) => ({
        page: text(e.data?.page) ?? "unknown",
        at: e.at,
        actions: Array.isArray(e.data?.actions)
          ? e.data.actions.filter((a): a is string => typeof a === "string")
          : [],
      })),
    clicksToConfirmation: confirmed < 0 ? null : clicksUntil(timeline, confirmed),
    confirmedAt: confirmed < 0 ? null : (timeline[confirmed]?.at ?? iso(session.completedAt)),
    outcome: session.outcome,
    offer: {
      shown: session.offerShownAt !== null || timeline.some((e) => e.step === "offer_shown"),
      noOfferReason,
    },
    receipt: receipt
      ? {
          id: receipt.id,
          createdAt: receipt.createdAt.toISOString(),
          emailed: receipt.emailedAt !== null,
          emailedAt: iso(receipt.emailedAt),
          messageId: receipt.messageId,
        }
      : null,
    resultToken: { issued: session.resultTokenIssuedAt !== null, issuedAt: iso(session.resultTokenIssuedAt) },
  };
}

/** The columns complianceRecord reads, as a Prisma `select` (with the receipt's). */
export const complianceSelect = {
  id: true,
  environment: true,
  createdAt: true,
  jurisdiction: true,
  complianceMode: true,
  locale: true,
  intent: true,
  timeline: true,
  outcome: true,
  completedAt: true,
  offerShownAt: true,
  noOfferReason: true,
  resultTokenIssuedAt: true,
  receipt: { select: { id: true, createdAt: true, emailedAt: true, messageId: true } },
} as const;
