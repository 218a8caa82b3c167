// How the dashboard writes times and money. One rule for times: in the workspace's time zone
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

const amount = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** MRR as sent (the API stores no currency): "129", "1,249.5". */
export function formatAmount(value: number | null): string {
  return value === null ? "—" : amount.format(value);
}

/** A share or rate: "42.5%", "—" when there is none yet. */
export const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
/** MRR totals in the analytics, whole units: "12,480". */
export const money = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 0 });
export const count = (v: number) => v.toLocaleString("en-US");
