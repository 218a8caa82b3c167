// The receipt as a PDF (pdf-lib, the standard Helvetica fonts): A4, the merchant, the title, one
// row per receipt line, the notice, the reference in the footer. Made once and stored
// (lib/domain/receipts/issue.ts); the same facts and date always give the same bytes.
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { translator } from "@/lib/i18n/translator";
import type { ReceiptFacts } from "./facts";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 170;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.82, 0.82, 0.85);

// Letters whose accent is a stroke, which Unicode does not decompose.
const STROKED: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ŧ: "T",
  ŧ: "t",
};

/**
 * Text the standard fonts can print: they encode WinAnsi (Latin-1 plus € ’ « » … – —), so ä ö ü ß é
 * è à ç ñ pass as they are. Anything else is replaced, never thrown on: thin and other spaces
 * (Intl puts U+202F in times and numbers) become spaces, letters lose the accents WinAnsi lacks
 * (ő → o, ł → l), what is left becomes "?".
 */
export function printable(text: string, charset: ReadonlySet<number>): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const cp = ch.codePointAt(0)!;
    if (charset.has(cp)) out += ch;
    else if (/[\s\p{Zs}]/u.test(ch)) out += " ";
    else if (/[\u2010-\u2012\u2212]/u.test(ch)) out += "-";
    else if (STROKED[ch]) out += STROKED[ch];
    else {
      const base = [...ch.normalize("NFKD")].filter((c) => charset.has(c.codePointAt(0)!)).join("");
      out += base || "?";
    }
  }
  return out;
}

/** Splits `text` into lines no wider than `width` (long words are cut where they must be). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (const word of text.split(/ +/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = word;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** The receipt's PDF. `createdAt` becomes the document's date, so the bytes depend on the facts alone. */
export async function receiptPdf(facts: ReceiptFacts, createdAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const charset = new Set(regular.getCharacterSet());
  const print = (s: string) => printable(s, charset);

  doc.setTitle(print(`${facts.title} ${facts.reference}`));
  doc.setAuthor(print(facts.merchant));
  doc.setSubject(print(facts.title));
  doc.setLanguage(facts.locale);
  doc.setCreator("RetentBase");
  doc.setProducer("RetentBase (pdf-lib)");
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);

  const [pageWidth, pageHeight] = A4;
  const contentWidth = pageWidth - 2 * MARGIN;
  const footerY = MARGIN - 24;
  const footer = print(translator(facts.locale)("receipt.footer", { reference: facts.reference }));
  let page: PDFPage;
  let y = 0;
  const newPage = () => {
    page = doc.addPage(A4);
    page.drawText(footer, { x: MARGIN, y: footerY, size: 8, font: regular, color: MUTED });
    y = pageHeight - MARGIN;
  };
  const room = (height: number) => {
    if (y - height < MARGIN) newPage();
  };
  const text = (s: string, x: number, size: number, font: PDFFont, color = INK) => {
    page.drawText(s, { x, y, size, font, color });
  };
  newPage();

  // The merchant, the title, a rule.
  for (const l of wrap(print(facts.merchant), bold, 12, contentWidth)) {
    y -= 12;
    text(l, MARGIN, 12, bold, MUTED);
    y -= 4;
  }
  y -= 14;
  for (const l of wrap(print(facts.title), bold, 20, contentWidth)) {
    y -= 20;
    text(l, MARGIN, 20, bold);
    y -= 6;
  }
  y -= 8;
  page!.drawLine({
    start: { x: MARGIN, y },
    end: { x: pageWidth - MARGIN, y },
    thickness: 0.75,
    color: RULE,
  });
  y -= 18;

  // Label and value rows.
  const size = 10.5;
  const leading = 15;
  for (const line of facts.lines) {
    const labels = wrap(print(line.label), bold, size, LABEL_WIDTH - 12);
    const values = wrap(print(line.value), regular, size, contentWidth - LABEL_WIDTH);
    const rows = Math.max(labels.length, values.length);
    room(rows * leading + 8);
    for (let i = 0; i < rows; i++) {
      y -= size;
      if (labels[i]) text(labels[i]!, MARGIN, size, bold, MUTED);
      if (values[i]) text(values[i]!, MARGIN + LABEL_WIDTH, size, regular);
      y -= leading - size;
    }
    y -= 8;
  }

  // The notice: the request was received; billing is the merchant's to change.
  y -= 10;
  const noticeSize = 9.5;
  for (const l of wrap(print(facts.notice), regular, noticeSize, contentWidth)) {
    room(14);
    y -= noticeSize;
    text(l, MARGIN, noticeSize, regular);
    y -= 14 - noticeSize;
  }

  return doc.save({ useObjectStreams: false });
}
