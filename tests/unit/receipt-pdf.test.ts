// The receipt PDF, parsed back: what a customer downloads says, in their language, who received
// which request when, with its reference; characters the standard fonts lack are replaced, not fatal.
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { receiptEmail } from "@/lib/domain/receipts/email";
import { type ReceiptSession, receiptFacts } from "@/lib/domain/receipts/facts";
import { printable, receiptPdf } from "@/lib/domain/receipts/pdf";

const completedAt = new Date("2026-12-03T18:45:00Z");
const session = (over: Partial<ReceiptSession> = {}): ReceiptSession => ({
  id: "cs_5rZbQk2mXw9TtA1cD3eF4gH6",
  userId: "cus_8812",
  locale: "de",
  intent: "cancel",
  complianceMode: "de_312k",
  customerName: "Jürgen Weiß",
  subscriptionReference: "ABO-4711",
  subscriptionDescription: "Premium-Abo „Straße“ (monatlich, 9,99 €)",
  subscriptionEndsAt: new Date("2026-12-31T00:00:00Z"),
  terminationType: "ordinary",
  completedAt,
  workspace: { name: "Müller & Söhne GmbH" },
  ...over,
});

async function textOf(pdf: Uint8Array) {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return { text: text.replace(/\s+/g, " "), pages: doc.numPages };
}

describe("the receipt PDF", () => {
  it("prints the German receipt with its umlauts, the merchant, the reference and the notice", async () => {
    const facts = receiptFacts(session());
    const pdf = await receiptPdf(facts, completedAt);
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe("%PDF-");
    const { text, pages } = await textOf(pdf);
    expect(pages).toBe(1);
    expect(text).toContain("Kündigungsbestätigung");
    expect(text).toContain("Müller & Söhne GmbH");
    expect(text).toContain("Jürgen Weiß (cus_8812)");
    expect(text).toContain("Premium-Abo „Straße“ (monatlich, 9,99 €) (ABO-4711)");
    expect(text).toContain("Ordentliche Kündigung");
    expect(text).toContain("Erklärung eingegangen");
    expect(text).toContain("3. Dezember 2026 um 18:45 UTC");
    expect(text).toContain("31. Dezember 2026");
    expect(text).toContain("Deutschland (§312k BGB)");
    expect(text).toContain(`Referenz: ${facts.reference}`);
    // The notice, whole (it may wrap over lines): received, and billing is the merchant's to change.
    expect(text).toContain(facts.notice.replace(/\s+/g, " "));
    expect(facts.notice).toContain("Müller & Söhne GmbH Ihre Erklärung");
  });

  it("prints French and Spanish accents, guillemets and the euro sign", async () => {
    const fr = receiptFacts(
      session({
        locale: "fr",
        complianceMode: "fr_3_clicks",
        customerName: "Hélène Garçon",
        subscriptionDescription: "Offre « Sérénité » à 12 €",
        workspace: { name: "Crème & Brûlée" },
      }),
    );
    const frText = (await textOf(await receiptPdf(fr, completedAt))).text;
    expect(frText).toContain("Accusé de réception de résiliation");
    expect(frText).toContain("Hélène Garçon");
    expect(frText).toContain("Offre « Sérénité » à 12 €");
    expect(frText).toContain("Crème & Brûlée");
    expect(frText).toContain("3 décembre 2026");
    expect(frText).toContain(`Référence : ${fr.reference}`);

    const es = receiptFacts(session({ locale: "es", intent: "withdrawal", customerName: "Iñaki Muñoz" }));
    const esText = (await textOf(await receiptPdf(es, completedAt))).text;
    expect(esText).toContain("Justificante de desistimiento");
    expect(esText).toContain("Iñaki Muñoz");
  });

  it("replaces characters the standard fonts cannot print instead of failing", async () => {
    const facts = receiptFacts(
      session({
        customerName: "Łukasz Ōtsuka 王 🙂",
        workspace: { name: "Szőke\u202fKft.\nLine" },
        subscriptionDescription: "Plan\u2011B − 2",
      }),
    );
    const { text } = await textOf(await receiptPdf(facts, completedAt));
    expect(text).toContain("Lukasz Otsuka ? ?");
    expect(text).toContain("Szoke Kft. Line");
    expect(text).toContain("Plan-B - 2");
  });

  it("is the same bytes for the same receipt, and wraps long values onto more lines", async () => {
    const facts = receiptFacts(session({ subscriptionDescription: "Sehr langer Vertragsname ".repeat(20) }));
    const a = await receiptPdf(facts, completedAt);
    const b = await receiptPdf(facts, completedAt);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const { text } = await textOf(a);
    expect(text).toContain("Sehr langer Vertragsname Sehr langer");
    expect(text).toContain("Referenz");
  });
});

describe("printable", () => {
  const charset = new Set([..."abcdeoLOstu ?-äöüß€«»’"].map((c) => c.codePointAt(0)!));
  it("keeps what WinAnsi has, maps spaces and dashes, strips accents it lacks, else ?", () => {
    expect(printable("äöüß € «»’", charset)).toBe("äöüß € «»’");
    expect(printable("a\u202fb\u00a0c\td", charset)).toBe("a b c d");
    expect(printable("ő Ł ū \u2011 \u2212", charset)).toBe("o L u - -");
    expect(printable("王🙂", charset)).toBe("??");
  });
});

describe("the receipt email", () => {
  it("is in the session's language, with every line, the notice, and names on one line", () => {
    const facts = receiptFacts(
      session({ workspace: { name: "Müller\r\nKlicken Sie hier: http://x.example" } }),
    );
    const mail = receiptEmail(facts, { intent: "cancel", customerName: "Jürgen <b>Weiß</b>" });
    expect(mail.subject).toBe("Ihre Kündigungsbestätigung von Müller Klicken Sie hier: http://x.example");
    expect(mail.text.split("\n")[0]).toBe("Guten Tag Jürgen <b>Weiß</b>,");
    for (const line of facts.lines)
      expect(mail.text).toContain(`${line.label}: ${line.value.replace(/\s+/g, " ")}`);
    expect(mail.text).toContain("Bestätigung liegt als PDF bei (receipt-cs_5rZbQk2mXw9TtA1cD3eF4gH6.pdf)");
    expect(mail.text.split("\n").filter((l) => l.includes("x.example")).length).toBeGreaterThan(0);
    expect(mail.text).not.toMatch(/^Klicken/m);
    expect(mail.html).toContain("Jürgen &lt;b&gt;Weiß&lt;/b&gt;");
    expect(mail.html).toContain('lang="de"');

    const withdrawal = receiptEmail(receiptFacts(session({ locale: "fr", intent: "withdrawal" })), {
      intent: "withdrawal",
    });
    expect(withdrawal.subject).toMatch(/^Votre accusé de réception de rétractation de /);
    expect(withdrawal.text.split("\n")[0]).toBe("Bonjour,");
  });
});
