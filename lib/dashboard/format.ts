// How the dashboard writes times and money. Times are shown in UTC, and say so, so that what a
// merchant reads matches the API's ISO timestamps and the date filters.

const dateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const dateTimeSeconds = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** "27 Nov 2026, 14:03 UTC" */
export function formatDateTime(iso: string | Date): string {
  return `${dateTime.format(new Date(iso))} UTC`;
}

/** "27 Nov 2026, 14:03:09 UTC": for timelines, where steps are seconds apart. */
export function formatDateTimeSeconds(iso: string | Date): string {
  return `${dateTimeSeconds.format(new Date(iso))} UTC`;
}

const amount = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** MRR as sent (the API stores no currency): "129", "1,249.5". */
export function formatAmount(value: number | null): string {
  return value === null ? "—" : amount.format(value);
}
