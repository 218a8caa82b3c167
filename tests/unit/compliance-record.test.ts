import { describe, expect, it } from "vitest";
import { readableTimeline } from "@/lib/domain/cancel-sessions/readable-timeline";
import type { TimelineEntry } from "@/lib/domain/cancel-sessions/timeline";
import {
  type ComplianceSessionRow,
  complianceRecord,
  complianceRecordSchema,
} from "@/lib/domain/compliance/record";

const T0 = Date.parse("2026-12-01T10:00:00.000Z");
/** The instant `s` seconds after T0, as the timeline stores it. */
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const step = (s: number, name: TimelineEntry["step"], data?: Record<string, unknown>): TimelineEntry =>
  data ? { step: name, at: at(s), data } : { step: name, at: at(s) };
const shown = (s: number, page: string, actions: string[]) =>
  step(s, "page_shown", { page, locale: "de", actions });
const click = (s: number, action: string, page: string, accepted = true) =>
  step(s, "action", { action, page, accepted });

function session(timeline: TimelineEntry[], over: Partial<ComplianceSessionRow> = {}): ComplianceSessionRow {
  return {
    id: "cs_test",
    environment: "prod",
    createdAt: new Date(T0 - 60_000),
    jurisdiction: "DE",
    complianceMode: "de_312k",
    locale: "de",
    intent: "cancel",
    timeline,
    outcome: null,
    completedAt: null,
    offerShownAt: null,
    noOfferReason: null,
    resultTokenIssuedAt: null,
    ...over,
  };
}

describe("a session's compliance record", () => {
  it("a §312k cancellation: one page, one click to the receipt page, receipt emailed, token issued", () => {
    const s = session(
      [
        step(-60, "created"),
        step(0, "opened"),
        shown(0, "confirm", ["cancel_now"]),
        click(30, "cancel_now", "confirm"),
        step(30, "completed", { outcome: "churned" }),
        step(30, "receipt_created", { receiptId: "rc_1" }),
        shown(31, "receipt", ["return", "survey"]),
        step(32, "receipt_emailed", { receiptId: "rc_1", messageId: "<m1@test>" }),
        click(50, "survey", "receipt"),
      ],
      {
        outcome: "churned",
        completedAt: new Date(at(30)),
        resultTokenIssuedAt: new Date(at(60)),
      },
    );
    const record = complianceRecord(s, {
      id: "rc_1",
      createdAt: new Date(at(30)),
      emailedAt: new Date(at(32)),
      messageId: "<m1@test>",
    });
    expect(record).toEqual({
      sessionId: "cs_test",
      environment: "prod",
      createdAt: "2026-12-01T09:59:00.000Z",
      jurisdiction: "DE",
      mode: "de_312k",
      locale: "de",
      intent: "cancel",
      pages: [
        { page: "confirm", at: "2026-12-01T10:00:00.000Z", actions: ["cancel_now"] },
        { page: "receipt", at: "2026-12-01T10:00:31.000Z", actions: ["return", "survey"] },
      ],
      clicksToConfirmation: 1,
      confirmedAt: "2026-12-01T10:00:30.000Z",
      outcome: "churned",
      offer: { shown: false, noOfferReason: null },
      receipt: {
        id: "rc_1",
        createdAt: "2026-12-01T10:00:30.000Z",
        emailed: true,
        emailedAt: "2026-12-01T10:00:32.000Z",
        messageId: "<m1@test>",
      },
      resultToken: { issued: true, issuedAt: "2026-12-01T10:01:00.000Z" },
    });
    expect(complianceRecordSchema.parse(record)).toEqual(record);
  });

  it("counts every click up to the confirming one, refused ones too, and none after it", () => {
    const s = session(
      [
        shown(0, "reason", ["choose_reason", "cancel_subscription"]),
        click(10, "resign", "reason"),
        shown(11, "recap", ["confirm"]),
        click(20, "confirm", "recap", false), // refused (say, a missing field): still a click
        shown(21, "recap", ["confirm"]),
        // The confirming click written just after "completed", in the same instant.
        step(30, "completed", { outcome: "churned" }),
        click(30, "confirm", "recap"),
        shown(31, "receipt", ["return"]),
        click(40, "return", "receipt"),
      ],
      { complianceMode: "fr_3_clicks", jurisdiction: "FR", locale: "fr", outcome: "churned" },
    );
    const record = complianceRecord(s, null);
    expect(record.clicksToConfirmation).toBe(3);
    expect(record.pages.map((p) => p.page)).toEqual(["reason", "recap", "recap", "receipt"]);
    expect(record.receipt).toBeNull();
  });

  it("the confirming click written just before the completed entry counts once", () => {
    const s = session(
      [
        shown(0, "reason", ["cancel_subscription"]),
        click(5, "cancel_subscription", "reason"),
        shown(6, "confirm", ["confirm"]),
        click(9, "confirm", "confirm"),
        step(9, "completed", { outcome: "churned" }),
      ],
      { outcome: "churned" },
    );
    expect(complianceRecord(s, null).clicksToConfirmation).toBe(2);
  });

  it("an offer accepted is not a confirmation: no clicks count, no confirmedAt, the offer was shown", () => {
    const s = session(
      [
        shown(0, "reason", ["choose_reason"]),
        click(5, "choose_reason", "reason"),
        step(5, "offer_shown", { offerId: "of_1", label: "50 % off", type: "discount" }),
        shown(6, "offer", ["accept_offer", "decline_offer"]),
        click(9, "accept_offer", "offer"),
        step(9, "completed", { outcome: "recovered" }),
      ],
      { complianceMode: "standard", jurisdiction: null, outcome: "recovered", offerShownAt: null },
    );
    const record = complianceRecord(s, null);
    expect(record).toMatchObject({
      clicksToConfirmation: null,
      confirmedAt: null,
      outcome: "recovered",
      offer: { shown: true, noOfferReason: null },
    });
  });

  it("no offer: says why; offerShownAt alone also means shown", () => {
    const noOffer = session([step(0, "no_offer", { reason: "holdout" })], { noOfferReason: "holdout" });
    expect(complianceRecord(noOffer, null).offer).toEqual({ shown: false, noOfferReason: "holdout" });
    const byColumn = session([], { offerShownAt: new Date(at(3)) });
    expect(complianceRecord(byColumn, null).offer.shown).toBe(true);
  });

  it("a session from before page views and clicks were recorded: no pages, clicks unknown", () => {
    const s = session(
      [
        step(0, "opened"),
        step(5, "reason_selected", { reasonKey: "other" }),
        step(9, "completed", { outcome: "churned" }),
      ],
      { outcome: "churned", completedAt: new Date(at(9)), complianceMode: "standard", jurisdiction: null },
    );
    const record = complianceRecord(s, null);
    expect(record.pages).toEqual([]);
    expect(record.clicksToConfirmation).toBeNull();
    expect(record.confirmedAt).toBe(at(9));
  });

  it("a withdrawal, receipt not emailed (no address or the send failed), still open token", () => {
    const s = session(
      [
        shown(0, "withdraw", ["withdraw"]),
        click(4, "withdraw", "withdraw"),
        shown(5, "recap", ["confirm_withdrawal"]),
        click(8, "confirm_withdrawal", "recap"),
        step(8, "completed", { outcome: "churned" }),
        step(8, "receipt_email_failed", { receiptId: "rc_2", error: "ECONNREFUSED" }),
      ],
      { intent: "withdrawal", outcome: "churned" },
    );
    const record = complianceRecord(s, {
      id: "rc_2",
      createdAt: new Date(at(8)),
      emailedAt: null,
      messageId: null,
    });
    expect(record.intent).toBe("withdrawal");
    expect(record.clicksToConfirmation).toBe(2);
    expect(record.receipt).toEqual({
      id: "rc_2",
      createdAt: at(8),
      emailed: false,
      emailedAt: null,
      messageId: null,
    });
    expect(record.resultToken).toEqual({ issued: false, issuedAt: null });
  });

  it("tolerates odd timeline data: a page without a name or actions", () => {
    const s = session([step(0, "page_shown"), step(1, "page_shown", { page: "reason", actions: [1, "x"] })]);
    expect(complianceRecord(s, null).pages).toEqual([
      { page: "unknown", at: at(0), actions: [] },
      { page: "reason", at: at(1), actions: ["x"] },
    ]);
  });
});

describe("the session timeline in words, for the compliance steps", () => {
  it("names each page with its actions, each click (and a refused one), the receipt and its email", () => {
    const items = readableTimeline(
      {
        status: "completed",
        outcome: "churned",
        returnHost: null,
        expiresAt: at(3600),
        resultToken: { issuedAt: null, verifiedAt: null },
        timeline: [
          shown(0, "confirm", ["confirm", "withdraw"]),
          click(5, "confirm", "confirm", false),
          click(9, "confirm", "confirm"),
          step(9, "receipt_created", { receiptId: "rc_1" }),
          step(10, "receipt_emailed", { receiptId: "rc_1", messageId: "<m1@test>" }),
          step(11, "receipt_email_failed", { receiptId: "rc_1", error: "550 mailbox unavailable" }),
          step(12, "survey_answered", { reasonKey: "too_expensive" }),
        ],
      },
      (key) => (key === "too_expensive" ? "Too expensive" : key),
    );
    expect(items.map(({ title, detail, tone }) => ({ title, detail, tone }))).toEqual([
      {
        title: "Page shown: Confirmation",
        detail: "Offered: Confirm, Withdraw from contract. Language de.",
        tone: "neutral",
      },
      {
        title: "Customer clicked “Confirm”",
        detail:
          "On the confirmation page. Not taken: it was not possible at this step, or a field was missing.",
        tone: "warning",
      },
      { title: "Customer clicked “Confirm”", detail: "On the confirmation page.", tone: "brand" },
      { title: "Receipt created", detail: "Receipt rc_1.", tone: "success" },
      { title: "Receipt emailed to the customer", detail: "Message-ID <m1@test>.", tone: "success" },
      { title: "Receipt email failed", detail: "550 mailbox unavailable", tone: "danger" },
      { title: "Survey answered", detail: "Too expensive (too_expensive)", tone: "neutral" },
    ]);
  });
});
