// The events and sessions lists keep their filters in the URL (plain GET forms: shareable, work
// without JavaScript). Parsing is forgiving: a value we cannot use is dropped and named in
// `problems`, never a crash or an error page.
import type { CancelSessionStatus, Environment } from "@/lib/db";
import type { CancelSessionFilters } from "@/lib/domain/cancel-sessions/list-sessions";
import type { CancellationFilters } from "@/lib/domain/cancellations/read-cancellations";
import { decodeKeysetCursor, type KeysetPosition } from "@/lib/domain/keyset-cursor";

export type SearchParams = Record<string, string | string[] | undefined>;

function first(sp: SearchParams, key: string): string | undefined {
  const raw = sp[key];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** A calendar day `YYYY-MM-DD` as its UTC midnight, or null. */
function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

const DAY_MS = 86_400_000;

/** `path?k=v…` with the given values, skipping empty ones. */
export function hrefWith(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const OUTCOME_FILTERS = ["pending", "recovered", "churned", "abandoned"] as const;
export const SOURCE_FILTERS = ["hosted", "api"] as const;
export const SESSION_STATUSES = ["created", "opened", "completed", "expired"] as const;
const ENVIRONMENTS = ["prod", "sandbox"] as const;

export type EventListParams = {
  environment: Environment;
  outcome?: (typeof OUTCOME_FILTERS)[number];
  reason?: string;
  source?: (typeof SOURCE_FILTERS)[number];
  user?: string;
  /** YYYY-MM-DD, inclusive, UTC */
  from?: string;
  /** YYYY-MM-DD, inclusive, UTC */
  to?: string;
  cursor?: string;
};

export type ParsedList<P, F> = { params: P; filters: F; after?: KeysetPosition; problems: string[] };

function cursorOf(sp: SearchParams, problems: string[]): { cursor?: string; after?: KeysetPosition } {
  const cursor = first(sp, "cursor");
  if (!cursor) return {};
  const after = decodeKeysetCursor(cursor);
  if (after) return { cursor, after };
  problems.push("That page link is no longer valid, so this is the first page.");
  return {};
}

export function parseEventListParams(sp: SearchParams): ParsedList<EventListParams, CancellationFilters> {
  const problems: string[] = [];
  const ignored = (what: string, value: string) => problems.push(`Ignored ${what} “${value}”.`);

  const environment = oneOf(first(sp, "environment"), ENVIRONMENTS) ?? "prod";
  const rawOutcome = first(sp, "outcome");
  const outcome = oneOf(rawOutcome, OUTCOME_FILTERS);
  if (rawOutcome && !outcome) ignored("the unknown outcome", rawOutcome);
  const rawSource = first(sp, "source");
  const source = oneOf(rawSource, SOURCE_FILTERS);
  if (rawSource && !source) ignored("the unknown source", rawSource);
  const reason = first(sp, "reason")?.slice(0, 100);
  const user = first(sp, "user")?.slice(0, 255);

  let from = first(sp, "from");
  let to = first(sp, "to");
  let fromDay = from ? parseDay(from) : null;
  let toDay = to ? parseDay(to) : null;
  if (from && !fromDay) {
    ignored("the start date", from);
    from = undefined;
  }
  if (to && !toDay) {
    ignored("the end date", to);
    to = undefined;
  }
  if (fromDay && toDay && fromDay > toDay) {
    problems.push("The start date was after the end date, so the dates were ignored.");
    from = to = undefined;
    fromDay = toDay = null;
  }

  const { cursor, after } = cursorOf(sp, problems);
  return {
    params: { environment, outcome, reason, source, user, from, to, cursor },
    filters: {
      environment,
      outcome,
      reasonKey: reason,
      source,
      userId: user,
      from: fromDay ?? undefined,
      // The end date is inclusive: everything before the next day's midnight.
      to: toDay ? new Date(toDay.getTime() + DAY_MS) : undefined,
    },
    after,
    problems,
  };
}

/** Whether any filter beyond the environment is set (for the "no matches" empty state). */
export function hasEventFilters(p: EventListParams): boolean {
  return Boolean(p.outcome || p.reason || p.source || p.user || p.from || p.to);
}

export type SessionListParams = { status?: CancelSessionStatus; environment?: Environment; cursor?: string };

export function parseSessionListParams(
  sp: SearchParams,
): ParsedList<SessionListParams, CancelSessionFilters> {
  const problems: string[] = [];
  const rawStatus = first(sp, "status");
  const status = oneOf(rawStatus, SESSION_STATUSES);
  if (rawStatus && !status) problems.push(`Ignored the unknown status “${rawStatus}”.`);
  const rawEnvironment = first(sp, "environment");
  const environment = oneOf(rawEnvironment, ENVIRONMENTS);
  if (rawEnvironment && !environment) problems.push(`Ignored the unknown environment “${rawEnvironment}”.`);
  const { cursor, after } = cursorOf(sp, problems);
  return { params: { status, environment, cursor }, filters: { status, environment }, after, problems };
}
