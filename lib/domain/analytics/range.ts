import { z } from "zod";

const DAY = 86_400_000;
const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional();

export const RANGE_PRESETS = [
  { id: "7d", label: "Last 7 days", short: "7 days", days: 7 },
  { id: "4w", label: "Last 4 weeks", short: "4 weeks", days: 28 },
  { id: "12w", label: "Last 12 weeks", short: "12 weeks", days: 84 },
  { id: "26w", label: "Last 6 months", short: "6 months", days: 182 },
] as const;

/**
 * A dashboard date range from query params: a preset (`range=4w`), or `from`/`to` (inclusive dates,
 * with `range=custom` or no `range`); default 12 weeks. A named preset wins over dates sent beside
 * it: the period form always sends its From/To fields, visible or not.
 */
export function parseRange(params: { from?: string; to?: string; range?: string }, now = new Date()) {
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const from = dateOnly.safeParse(params.from);
  const to = dateOnly.safeParse(params.to);
  const named = RANGE_PRESETS.some((p) => p.id === params.range);
  if (!named && from.success && to.success && from.data && to.data) {
    const f = new Date(`${from.data}T00:00:00Z`);
    const t = new Date(new Date(`${to.data}T00:00:00Z`).getTime() + DAY);
    if (!Number.isNaN(f.getTime()) && !Number.isNaN(t.getTime()) && f < t) {
      return { from: f, to: t, preset: null as string | null };
    }
  }
  const preset =
    RANGE_PRESETS.find((p) => p.id === params.range) ?? RANGE_PRESETS.find((p) => p.id === "12w")!;
  return {
    from: new Date(tomorrow.getTime() - preset.days * DAY),
    to: tomorrow,
    preset: preset.id as string | null,
  };
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The last day included in a range whose `to` is exclusive. */
export const lastDay = (to: Date) => isoDay(new Date(to.getTime() - DAY));
