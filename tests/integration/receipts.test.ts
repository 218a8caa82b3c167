// Receipts of confirmed cancellations and withdrawals, on a real Postgres and a local SMTP server:
// made once and stored, emailed once in the customer's language with the PDF attached, the
// message id recorded, and the stored bytes served at /s/<token>/receipt.pdf on the cancel host.
import { createHash } from "node:crypto";
import { simpleParser } from "mailparser";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as receiptRoute } from "@/app/(cancel)/s/[token]/receipt.pdf/route";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { db } from "@/lib/db";
import { applyFlowAction, enabledReasons } from "@/lib/domain/cancel-sessions/flow";
import type { TimelineEntry } from "@/lib/domain/cancel-sessions/timeline";
import { EMAIL_NOT_CONFIGURED, issueReceipt, receiptForSession } from "@/lib/domain/receipts/issue";
import { resetEnvCache } from "@/lib/env";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";
import { type SmtpCapture, startSmtpCapture } from "../helpers/smtp-capture";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
const RETURN_URL = "http://localhost:4190/account";
const CANCEL_ORIGIN = "http://cancel.localhost:3000";
const MERCHANT = "Müller & Söhne GmbH";

let ws: Ws;
let smtp: SmtpCapture;
let run = 0;
const address = (name: string) => `${name}-${Date.now().toString(36)}-${++run}@kunde.example`;

function setSmtpUrl(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
}

beforeAll(async () => {
  ws = await createTestWorkspace({ plan: "core", name: MERCHANT, returnUrls: [RETURN_URL] });
  smtp = await startSmtpCapture();
  setSmtpUrl(smtp.url);
});
afterAll(async () => {
  setSmtpUrl(undefined);
  await smtp.close();
});
beforeEach(() => setSmtpUrl(smtp.url));

async function newLink(body: Record<string, unknown>) {
  const res = await cancelLinkRoute(
    apiRequest("/api/v1/cancel-link", {
      apiKey: ws.apiKey.key,
      body: { userId: "cus_4711", returnUrl: RETURN_URL, ...body },
    }),
  );
  expect(res.status).toBe(200);
  const link = (await res.json()) as { url: string; session_id: string };
  return { sessionId: link.session_id, token: new URL(link.url).pathname.split("/").pop()! };
}

/** The customer confirms (giving a reason first where the session's path asks for one). */
async function confirm({ sessionId, token }: { sessionId: string; token: string }, now = new Date()) {
  let outcome = await applyFlowAction(token, { action: "confirm" }, now);
  if (outcome.kind === "invalid") {
    const [reason] = await enabledReasons(ws.workspace.id);
    await applyFlowAction(token, { action: "reason", reasonKey: reason!.key, reasonText: "" }, now);
    outcome = await applyFlowAction(token, { action: "confirm" }, now);
  }
  expect(outcome.kind).toBe("redirect");
  const s = await db.cancelSession.findUniqueOrThrow({ where: { id: sessionId } });
  expect(s).toMatchObject({ status: "completed", outcome: "churned" });
}

/** A churned session, completed directly in the database (the receipt only reads it). */
async function churned(body: Record<string, unknown>) {
  const link = await newLink(body);
  await db.cancelSession.update({
    where: { id: link.sessionId },
    data: { status: "completed", outcome: "churned", completedAt: new Date(), reasonKey: "unspecified" },
  });
  return link;
}

async function timeline(sessionId: string) {
  const s = await db.cancelSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { timeline: true },
  });
  return s.timeline as unknown as TimelineEntry[];
}
const stepsOf = async (sessionId: string, step: string) =>
  (await timeline(sessionId)).filter((e) => e.step === step);

const mailsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));

const pdfText = async (bytes: Uint8Array) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text.replace(
    /\s+/g,
    " ",
  );

function getPdf(token: string, host = "cancel.localhost:3000") {
  return receiptRoute(
    new Request(`${CANCEL_ORIGIN}/s/${token}/receipt.pdf`, { headers: { host } }),
    routeParams({ token }),
  );
}

describe("a confirmed cancellation's receipt", () => {
  it("is made once and emailed once, in German, with the PDF attached and its Message-ID recorded", async () => {
    const typed = address("juergen");
    const { sessionId, token } = await newLink({
      locale: "de",
      customer: { email: address("link"), name: "Jürgen Weiß" },
      subscription: {
        reference: "ABO-4711",
        description: "Premium-Abo (monatlich)",
        endsAt: "2026-12-31T00:00:00Z",
      },
    });
    // The address typed on the §312k page (stored as confirmationEmail) wins over the cancel link's.
    await db.cancelSession.update({ where: { id: sessionId }, data: { confirmationEmail: typed } });
    await confirm({ sessionId, token });
    await Promise.all([issueReceipt(sessionId), issueReceipt(sessionId)]);
    await issueReceipt(sessionId);

    const rows = await db.receipt.findMany({ where: { sessionId } });
    expect(rows).toHaveLength(1);
    const receipt = rows[0]!;
    expect(receipt).toMatchObject({
      workspaceId: ws.workspace.id,
      locale: "de",
      emailTo: typed,
      emailError: null,
    });
    expect(receipt.id).toMatch(/^rc_[0-9A-Za-z]{24}$/);
    expect(createHash("sha256").update(receipt.pdf).digest("hex")).toBe(receipt.sha256);
    const text = await pdfText(receipt.pdf);
    for (const s of [
      "Kündigungsbestätigung",
      MERCHANT,
      "Jürgen Weiß (cus_4711)",
      "Premium-Abo (monatlich) (ABO-4711)",
    ])
      expect(text).toContain(s);
    expect(text).toContain(`Referenz: ${sessionId}`);
    expect(text).toContain("31. Dezember 2026");

    const mail = await smtp.waitFor((m) => m.to.includes(typed));
    expect(mailsTo(typed)).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.text.includes(sessionId))).toHaveLength(1);
    expect(mail.subject).toBe(`Ihre Kündigungsbestätigung von ${MERCHANT}`);
    expect(mail.text).toMatch(/^Guten Tag Jürgen Weiß,/);
    expect(mail.text).toContain(`Referenz: ${sessionId}`);
    expect(mail.text).toContain("Diese Bestätigung belegt");
    const parsed = await simpleParser(mail.raw);
    expect(parsed.messageId).toBe(receipt.messageId);
    expect(receipt.messageId).toBe(`<${receipt.id}@cancel.localhost>`);
    expect(parsed.attachments).toHaveLength(1);
    const [attachment] = parsed.attachments;
    expect(attachment).toMatchObject({
      filename: `receipt-${sessionId}.pdf`,
      contentType: "application/pdf",
    });
    expect(Buffer.compare(attachment!.content, Buffer.from(receipt.pdf))).toBe(0);

    expect(await stepsOf(sessionId, "receipt_created")).toEqual([
      { step: "receipt_created", at: expect.any(String), data: { receiptId: receipt.id } },
    ]);
    expect(await stepsOf(sessionId, "receipt_emailed")).toEqual([
      {
        step: "receipt_emailed",
        at: expect.any(String),
        data: { receiptId: receipt.id, messageId: receipt.messageId },
      },
    ]);
    expect(await receiptForSession(sessionId)).toEqual({
      id: receipt.id,
      createdAt: receipt.createdAt,
      emailedAt: expect.any(Date),
      messageId: receipt.messageId,
      emailError: null,
    });
  });

  it("stays one receipt and one email when many requests issue it at once", async () => {
    const to = address("race");
    const { sessionId } = await churned({ locale: "fr", customer: { email: to } });
    await Promise.all(Array.from({ length: 6 }, () => issueReceipt(sessionId)));
    expect(await db.receipt.count({ where: { sessionId } })).toBe(1);
    const mail = await smtp.waitFor((m) => m.to.includes(to));
    expect(mail.subject).toBe(`Votre accusé de réception de résiliation de ${MERCHANT}`);
    // Every call has returned, so any second copy would have been received by now.
    await issueReceipt(sessionId);
    expect(mailsTo(to)).toHaveLength(1);
    expect(await stepsOf(sessionId, "receipt_created")).toHaveLength(1);
    expect(await stepsOf(sessionId, "receipt_emailed")).toHaveLength(1);
  });

  it("says withdrawal for a withdrawal, in Spanish", async () => {
    const to = address("desiste");
    const { sessionId } = await churned({ locale: "es", intent: "withdrawal", customer: { email: to } });
    await issueReceipt(sessionId);
    const mail = await smtp.waitFor((m) => m.to.includes(to));
    expect(mail.subject).toBe(`Tu justificante de desistimiento de ${MERCHANT}`);
    const { pdf } = await db.receipt.findUniqueOrThrow({ where: { sessionId } });
    expect(await pdfText(pdf)).toContain("Justificante de desistimiento");
  });

  it("is made without an email when no address is known, and not at all for sessions that did not churn", async () => {
    const { sessionId } = await churned({});
    await issueReceipt(sessionId);
    expect(await receiptForSession(sessionId)).toMatchObject({
      emailedAt: null,
      messageId: null,
      emailError: null,
    });
    expect(await db.receipt.findUniqueOrThrow({ where: { sessionId } })).toMatchObject({
      emailTo: null,
      emailClaimedAt: null,
    });

    const open = await newLink({ customer: { email: address("open") } });
    await issueReceipt(open.sessionId);
    const saved = await newLink({ customer: { email: address("saved") } });
    await db.cancelSession.update({
      where: { id: saved.sessionId },
      data: { status: "completed", outcome: "recovered", completedAt: new Date() },
    });
    await issueReceipt(saved.sessionId);
    await issueReceipt("cs_doesnotexist");
    expect(await db.receipt.count({ where: { sessionId: { in: [open.sessionId, saved.sessionId] } } })).toBe(
      0,
    );
  });

  it("records that it was not sent without SMTP_URL, once, without a message id", async () => {
    setSmtpUrl(undefined);
    const to = address("nosmtp");
    const { sessionId } = await churned({ customer: { email: to } });
    await issueReceipt(sessionId);
    await issueReceipt(sessionId);
    expect(await receiptForSession(sessionId)).toMatchObject({
      emailedAt: null,
      messageId: null,
      emailError: EMAIL_NOT_CONFIGURED,
    });
    const failed = await stepsOf(sessionId, "receipt_email_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data).toMatchObject({ error: EMAIL_NOT_CONFIGURED });
    expect(mailsTo(to)).toHaveLength(0);
  });

  it("records a refused email with a short error that leaves the address out, and sends no second copy", async () => {
    const refusing = await startSmtpCapture({ refuseIf: () => true });
    try {
      setSmtpUrl(refusing.url);
      const to = address("refused");
      const { sessionId } = await churned({ customer: { email: to } });
      await issueReceipt(sessionId);
      await issueReceipt(sessionId);
      const summary = await receiptForSession(sessionId);
      expect(summary).toMatchObject({ emailedAt: null, messageId: null });
      expect(summary?.emailError).toMatch(/550/);
      expect(summary?.emailError).not.toContain(to);
      expect(summary!.emailError!.length).toBeLessThanOrEqual(200);
      const failed = await stepsOf(sessionId, "receipt_email_failed");
      expect(failed).toHaveLength(1);
      expect(JSON.stringify(failed)).not.toContain(to);
      expect(JSON.stringify(await timeline(sessionId))).not.toContain(to);
    } finally {
      await refusing.close();
    }
  });
});

describe("a stalled mail server", () => {
  it("does not hold the confirmation: issueReceipt returns, the email stays claimed and goes once", async () => {
    const stalled = await startSmtpCapture({ holdIf: () => true });
    setSmtpUrl(stalled.url);
    const { sessionId } = await churned({ customer: { email: address("stalled") } });
    try {
      await issueReceipt(sessionId);
      await stalled.waitForHeld(1);
      expect(await db.receipt.findUniqueOrThrow({ where: { sessionId } })).toMatchObject({
        emailClaimedAt: expect.any(Date),
        emailedAt: null,
        messageId: null,
      });
      await issueReceipt(sessionId);
      expect(stalled.held).toHaveLength(1);
    } finally {
      await stalled.close();
    }
    // The server went away mid-send: the failure is recorded when the send gives up.
    await expect
      .poll(async () => (await receiptForSession(sessionId))?.emailError, { timeout: 15_000 })
      .toBeTruthy();
  });
});

describe("GET /s/<token>/receipt.pdf", () => {
  it("serves the stored bytes as an attachment, privately, with the hosted flow's headers", async () => {
    const { sessionId, token } = await newLink({ locale: "de", customer: { email: address("pdf") } });
    await confirm({ sessionId, token });
    await issueReceipt(sessionId);
    const stored = await db.receipt.findUniqueOrThrow({ where: { sessionId } });

    for (let i = 0; i < 2; i++) {
      const res = await getPdf(token);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="receipt-${sessionId}.pdf"`);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(Buffer.from(stored.pdf))).toBe(true);
    }
    expect(await db.receipt.count({ where: { sessionId } })).toBe(1);

    // What is stored is what is served: never a PDF made again.
    const marked = Buffer.concat([Buffer.from(stored.pdf), Buffer.from("\n% stored copy\n")]);
    await db.receipt.update({ where: { sessionId }, data: { pdf: marked } });
    const again = Buffer.from(await (await getPdf(token)).arrayBuffer());
    expect(again.equals(marked)).toBe(true);
  });

  it("makes a missing receipt of a churned session on the spot", async () => {
    const { sessionId, token } = await churned({ locale: "fr" });
    await db.receipt.deleteMany({ where: { sessionId } });
    const res = await getPdf(token);
    expect(res.status).toBe(200);
    const stored = await db.receipt.findUniqueOrThrow({ where: { sessionId } });
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(stored.pdf))).toBe(true);
    expect(await pdfText(stored.pdf)).toContain("Accusé de réception de résiliation");
  });

  it("is a plain 404 for unknown tokens, other hosts, unfinished, saved and long-finished sessions", async () => {
    const expectNotFound = async (res: Response) => {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toBe("Not found\n");
    };
    await expectNotFound(await getPdf("x".repeat(43)));
    await expectNotFound(await getPdf("not-a-token"));

    const open = await newLink({});
    await expectNotFound(await getPdf(open.token));

    const done = await churned({});
    await expectNotFound(await getPdf(done.token, "localhost:3000"));
    expect((await getPdf(done.token)).status).toBe(200);

    const saved = await newLink({});
    await db.cancelSession.update({
      where: { id: saved.sessionId },
      data: { status: "completed", outcome: "recovered", completedAt: new Date() },
    });
    await expectNotFound(await getPdf(saved.token));

    // As the done page: a finished link shows its result for 24 hours.
    const old = await churned({});
    await db.cancelSession.update({
      where: { id: old.sessionId },
      data: { completedAt: new Date(Date.now() - 25 * 60 * 60 * 1000) },
    });
    await expectNotFound(await getPdf(old.token));
  });
});
