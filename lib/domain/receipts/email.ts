// The receipt's email, in the session's language: the same lines and notice as the page and the
// PDF (receiptFacts), the PDF attached. Everything the merchant or customer typed is flattened to
// one line (it cannot pass for the email's own text) and escaped in the HTML.
import type { Intent } from "@/lib/domain/compliance/mode";
import { escapeHtml, oneLine } from "@/lib/email/html";
import { translator } from "@/lib/i18n/translator";
import type { ReceiptFacts } from "./facts";

export type ReceiptEmail = { subject: string; text: string; html: string };

/** The PDF's file name, as the download and the attachment call it. */
export const receiptFilename = (reference: string) => `receipt-${reference}.pdf`;

export function receiptEmail(
  facts: ReceiptFacts,
  opts: { intent: Intent; customerName?: string | null },
): ReceiptEmail {
  const t = translator(facts.locale);
  const merchant = oneLine(facts.merchant, 80);
  const name = opts.customerName ? oneLine(opts.customerName, 80) : "";
  const withdrawal = opts.intent === "withdrawal";
  const subjectMerchant = { merchant: oneLine(facts.merchant, 60) };
  const subject = withdrawal
    ? t("receipt.email.subjectWithdrawal", subjectMerchant)
    : t("receipt.email.subject", subjectMerchant);
  const greeting = name ? t("receipt.email.greetingNamed", { name }) : t("receipt.email.greeting");
  const intro = withdrawal
    ? t("receipt.email.introWithdrawal", { merchant })
    : t("receipt.email.intro", { merchant });
  const lines = facts.lines.map((l) => ({ label: oneLine(l.label, 80), value: oneLine(l.value, 400) }));
  const notice = oneLine(facts.notice, 1_000);
  const attachment = t("receipt.email.attachment", { filename: receiptFilename(facts.reference) });
  const why = t("receipt.email.why", { merchant });

  const text = [
    greeting,
    "",
    intro,
    "",
    facts.title,
    ...lines.map((l) => `${l.label}: ${l.value}`),
    "",
    notice,
    "",
    attachment,
    "",
    why,
    "",
  ].join("\n");

  const e = escapeHtml;
  const rows = lines
    .map(
      (l) =>
        `<tr><th align="left" valign="top" style="padding:4px 16px 4px 0;color:#555;font-weight:600">${e(l.label)}</th><td style="padding:4px 0">${e(l.value)}</td></tr>`,
    )
    .join("");
  const html = `<!doctype html><html lang="${facts.locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head><body style="font-family:Helvetica,Arial,sans-serif;color:#1a1a1f;line-height:1.5"><p>${e(greeting)}</p><p>${e(intro)}</p><h1 style="font-size:20px">${e(facts.title)}</h1><table role="presentation" style="border-collapse:collapse">${rows}</table><p>${e(notice)}</p><p>${e(attachment)}</p><p style="color:#555;font-size:13px">${e(why)}</p></body></html>`;
  return { subject, text, html };
}
