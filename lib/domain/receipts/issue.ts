// The receipt of a confirmed cancellation or withdrawal: made once, stored, emailed once.
// The flow calls issueReceipt after the session's completion has committed; the receipt PDF route
// calls it too when a churned session has none yet, so the customer never misses it.
import { createHash } from "node:crypto";
import { db, utc } from "@/lib/db";
import { entry, timelineAppend } from "@/lib/domain/cancel-sessions/timeline";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";
import { createId } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { receiptEmail, receiptFilename } from "./email";
import { receiptFacts } from "./facts";
import { receiptPdf } from "./pdf";

const receiptSessionSelect = {
  id: true,
  workspaceId: true,
  status: true,
  outcome: true,
  userId: true,
  locale: true,
  intent: true,
  complianceMode: true,
  customerName: true,
  customerEmail: true,
  confirmationEmail: true,
  subscriptionReference: true,
  subscriptionDescription: true,
  subscriptionEndsAt: true,
  terminationType: true,
  completedAt: true,
  workspace: { select: { name: true } },
} as const;

const loadReceiptSession = (id: string) =>
  db.cancelSession.findUnique({ where: { id }, select: receiptSessionSelect });
type Session = NonNullable<Awaited<ReturnType<typeof loadReceiptSession>>>;

type StoredReceipt = { id: string; emailClaimedAt: Date | null };

/** Why a receipt was not emailed although an address was known: recorded as its `emailError`. */
export const EMAIL_NOT_CONFIGURED = "not sent: SMTP_URL is unset";

/**
 * Makes the session's receipt if it has none (PDF stored as first made) and emails it once when an
 * address is known (the one typed on the confirmation page, else the cancel link's
 * `customer.email`). Safe to call again and concurrently: a second call changes nothing. Only a
 * completed session with outcome churned (a cancellation or a withdrawal) gets one; for any other
 * it does nothing.
 *
 * Email failures never throw: they are recorded on the receipt (`emailError`) and in the timeline
 * (`receipt_email_failed`). Without SMTP_URL nothing is sent and nothing is logged about the
 * address: the receipt records EMAIL_NOT_CONFIGURED (no messageId), once. An email is claimed
 * before it is sent, so a process that dies mid-send leaves it claimed and unsent (never twice).
 * It returns once the email is recorded, or after RECEIPT_EMAIL_WAIT_MS while it is still sending.
 */
export async function issueReceipt(sessionId: string, now: Date = new Date()): Promise<void> {
  const session = await loadReceiptSession(sessionId);
  if (session?.status !== "completed" || session.outcome !== "churned") return;
  const receipt = await ensureReceipt(session, now);
  const to = session.confirmationEmail ?? session.customerEmail;
  if (!to || receipt.emailClaimedAt) return;
  // The customer's confirmation waits for the email a few seconds at most: a stalled mail server
  // (nodemailer waits minutes) finishes in the background, recording its outcome when it ends.
  const sending = emailOnce(session, receipt.id, to, now).catch((err: unknown) =>
    logger.error({ err: shortError(err, to), receiptId: receipt.id }, "receipt email not recorded"),
  );
  let waited: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    sending,
    new Promise<void>((resolve) => {
      waited = setTimeout(resolve, RECEIPT_EMAIL_WAIT_MS);
    }),
  ]);
  clearTimeout(waited);
}

/** How long issueReceipt waits for the email before it returns (the send goes on). */
export const RECEIPT_EMAIL_WAIT_MS = 5_000;

/** The stored receipt, made now if there is none: the first insert wins, every caller reads it back. */
async function ensureReceipt(session: Session, now: Date): Promise<StoredReceipt> {
  const select = { id: true, emailClaimedAt: true } as const;
  const existing = await db.receipt.findUnique({ where: { sessionId: session.id }, select });
  if (existing) return existing;
  const facts = receiptFacts(session);
  const pdf = Buffer.from(await receiptPdf(facts, session.completedAt ?? now));
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const id = createId("rc");
  await db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      insert into "Receipt" (id, "sessionId", "workspaceId", locale, pdf, sha256, "createdAt")
      values (${id}, ${session.id}, ${session.workspaceId}, ${facts.locale}, ${pdf}, ${sha256}, ${utc(now)})
      on conflict ("sessionId") do nothing`;
    if (inserted) {
      await tx.$executeRaw`
        update "CancelSession" set ${timelineAppend([entry("receipt_created", now, { receiptId: id })])},
          "updatedAt" = ${utc(now)}
        where id = ${session.id}`;
    }
  });
  return db.receipt.findUniqueOrThrow({ where: { sessionId: session.id }, select });
}

async function emailOnce(session: Session, receiptId: string, to: string, now: Date) {
  const claimed = await db.$executeRaw`
    update "Receipt" set "emailClaimedAt" = ${utc(now)}, "emailTo" = ${to}
    where id = ${receiptId} and "emailClaimedAt" is null`;
  if (!claimed) return; // another call has it

  if (!env().SMTP_URL) return recordFailure(session.id, receiptId, EMAIL_NOT_CONFIGURED, now);
  const stored = await db.receipt.findUniqueOrThrow({ where: { id: receiptId }, select: { pdf: true } });
  const facts = receiptFacts(session);
  const message = receiptEmail(facts, { intent: session.intent, customerName: session.customerName });
  // Stable per receipt: a copy re-sent by hand carries the same Message-ID as the first.
  const messageId = `<${receiptId}@${new URL(env().CANCEL_URL).hostname}>`;
  let result: Awaited<ReturnType<typeof sendEmail>>;
  try {
    result = await sendEmail({
      to,
      ...message,
      messageId,
      attachments: [
        {
          filename: receiptFilename(facts.reference),
          content: Buffer.from(stored.pdf),
          contentType: "application/pdf",
        },
      ],
    });
  } catch (err) {
    const error = shortError(err, to);
    logger.warn({ receiptId, sessionId: session.id, error }, "receipt email failed");
    return recordFailure(session.id, receiptId, error, now);
  }
  if (!result.sent) return recordFailure(session.id, receiptId, EMAIL_NOT_CONFIGURED, now);
  const used = result.messageId ?? messageId;
  await db.$transaction([
    db.$executeRaw`
      update "Receipt" set "emailedAt" = ${utc(now)}, "messageId" = ${used}, "emailError" = null
      where id = ${receiptId}`,
    db.$executeRaw`
      update "CancelSession" set ${timelineAppend([entry("receipt_emailed", now, { receiptId, messageId: used })])},
        "updatedAt" = ${utc(now)}
      where id = ${session.id}`,
  ]);
}

async function recordFailure(sessionId: string, receiptId: string, error: string, now: Date) {
  await db.$transaction([
    db.$executeRaw`update "Receipt" set "emailError" = ${error} where id = ${receiptId}`,
    db.$executeRaw`
      update "CancelSession" set ${timelineAppend([entry("receipt_email_failed", now, { receiptId, error })])},
        "updatedAt" = ${utc(now)}
      where id = ${sessionId}`,
  ]);
}

/** What went wrong, in a few words and without the address (a server's reply may quote it). */
export function shortError(err: unknown, to: string): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : null;
  const status = typeof e?.responseCode === "number" ? String(e.responseCode) : null;
  const message = typeof e?.message === "string" ? e.message : String(err);
  const redacted = message
    .split(to)
    .join("[address]")
    .replace(/[^\s<>"'()[\]]+@[^\s<>"'()[\]]+/g, "[address]")
    .replace(/\s+/g, " ")
    .trim();
  const prefix = [code, status].filter(Boolean).join(" ");
  const text = prefix ? `${prefix}: ${redacted}` : redacted;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export type ReceiptSummary = {
  id: string;
  createdAt: Date;
  emailedAt: Date | null;
  messageId: string | null;
  emailError: string | null;
};

/** The session's receipt as the compliance record shows it (no PDF, no address), or null. */
export function receiptForSession(sessionId: string): Promise<ReceiptSummary | null> {
  return db.receipt.findUnique({
    where: { sessionId },
    select: { id: true, createdAt: true, emailedAt: true, messageId: true, emailError: true },
  });
}

/** The stored PDF of the session's receipt, exactly as first made, or null. */
export function storedReceiptPdf(sessionId: string) {
  return db.receipt.findUnique({ where: { sessionId }, select: { id: true, pdf: true, sha256: true } });
}
