// The receipt of a confirmed cancellation or withdrawal: made once, stored, emailed once.
// The flow calls issueReceipt after the session's completion has committed.

/**
 * Makes the session's receipt if it has none (PDF stored as first made) and emails it once when an
 * address is known. Safe to call again and concurrently: a second call changes nothing.
 */
export async function issueReceipt(_sessionId: string, _now: Date = new Date()): Promise<void> {
  // Filled in by the receipts work (PDF with pdf-lib, email with nodemailer).
}
