// Labels the charts and their tables share (plain functions: usable on the server and the client).

/** "2026-09-14" → "Sep 14" (the week's first day, UTC). */
export function weekLabel(weekStart: string) {
  const d = new Date(`${weekStart}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? weekStart
    : d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
