// How the dashboard writes times and money. Money is in the workspace's currency. One rule for times: in the workspace's time zone
// (Settings → General, UTC unless changed), with the zone named — "27 Nov 2026, 15:03 CET" — so a
// merchant reads local times and still knows which clock they are on.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formats.set(key, f);
  }
  return f;
}

function format(at: string | Date, timeZone: string, seconds: boolean): string {
  const date = new Date(at);
  try {
    return formatter(timeZone, seconds).format(date);
  } catch {
    // A zone this runtime does not know (saved elsewhere): UTC, which it always knows.
    return formatter("UTC", seconds).format(date);
  }
}

/** "27 Nov 2026, 15:03 CET" in the workspace's time zone. */
export function formatDateTime(at: string | Date, timeZone: string): string {
  return format(at, timeZone, false);
}

/** "27 Nov 2026, 15:03:09 CET": for timelines, where steps are seconds apart. */
export function formatDateTimeSeconds(at: string | Date, timeZone: string): string {
  return format(at, timeZone, true);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "whole": no minor units ("$12,480"); "cents": the currency's minor units ("$129.50"). */
function moneyFormatter(currency: string, digits: "whole" | "cents"): Intl.NumberFormat {
  const key = `${currency}|${digits}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        currencyDisplay: "narrowSymbol",
        // "cents": the currency's own minor units (2 for EUR, 0 for JPY).
        ...(digits === "whole" ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      });
    } catch {
      // A code this runtime does not know (saved elsewhere): USD, which it always knows.
      return moneyFormatter("USD", digits);
    }
    moneyFormats.set(key, f);
  }
  return f;
}

/**
 * One amount in the workspace's currency, as sent: "$129", "€1,249.50". The API stores plain
 * numbers; the workspace says what they are (Settings → General, USD by default).
 */
export function formatAmount(value: number | null, currency: string): string {
  if (value === null) return "—";
  return moneyFormatter(currency, Number.isInteger(value) ? "whole" : "cents").format(value);
}

/** MRR totals in the analytics and reports, whole units: "$12,480". */
export const money = (v: number, currency: string) => moneyFormatter(currency, "whole").format(v);

/** A share or rate: "42.5%", "—" when there is none yet. */
export const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
export const count = (v: number) => v.toLocaleString("en-US");

/** An MRR band ("25–100", "≥ 2,000") in the workspace's currency: "$25–$100", "≥ $2,000". */
export const mrrBandLabel = (band: string, currency: string) =>
  band.replace(/\d[\d,]*/g, (n) => money(Number(n.replaceAll(",", "")), currency));
