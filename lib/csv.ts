// CSV text (RFC 4180) for exports that merchants open in spreadsheets: one place for quoting and
// for neutralising formula injection, shared by every CSV the app writes.

export type CsvValue = string | number | boolean | null | undefined;

// A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(…)`, `@SUM(…)`);
// tab and carriage return can hide the sign from a reader (OWASP CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: empty for null, text prefixed with `'` when it would start a formula, and quoted (with
 * `"` doubled) when it holds a comma, a quote or a line break. Numbers and booleans are written as is.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
