const WEEK = 7 * 86_400_000;

/** A week (starting at `weekStart`, a UTC date) that has not ended at `now` is partial: its numbers are still coming in. */
export function isPartialWeek(weekStart: string, now: Date): boolean {
  const start = Date.parse(`${weekStart}T00:00:00Z`);
  return Number.isFinite(start) && start + WEEK > now.getTime();
}

/** The trend's weeks, each flagged `partial` when it has not ended at `now` (injected in tests). */
export function markPartialWeeks<T extends { weekStart: string }>(
  weeks: T[],
  now: Date,
): (T & { partial: boolean })[] {
  return weeks.map((w) => ({ ...w, partial: isPartialWeek(w.weekStart, now) }));
}
