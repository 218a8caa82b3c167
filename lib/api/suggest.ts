import { distance } from "fastest-levenshtein";

/** Case, `_` and `-` do not count: `tenure_days` and `TenureDays` both mean `tenureDays`. */
const normal = (s: string) => s.toLowerCase().replace(/[_-]/g, "");

/**
 * The known key a mistyped one most likely meant (`tenuredays` → `tenureDays`, `frm` → `from`), or
 * null when none is close: at most one edit per four characters of the known key (at least one).
 */
export function didYouMean(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate === key) continue;
    const d = distance(normal(key), normal(candidate));
    if (d <= Math.max(1, Math.floor(candidate.length / 4)) && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
