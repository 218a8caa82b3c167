// Keyset pagination over (timestamp desc, id desc): stable while new rows arrive, no OFFSET scans.
// The cursor is the last row's key, base64url-encoded; callers decide what a bad cursor means
// (the API answers 400, the dashboard starts over from the newest row).
import { ApiError } from "@/lib/api/errors";

export type KeysetPosition = { at: Date; id: string };

export function encodeKeysetCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

/** The position a cursor points at, or null when it is not one of ours. */
export function decodeKeysetCursor(cursor: string): KeysetPosition | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [at, id] = parsed;
    if (typeof at !== "string" || typeof id !== "string" || id === "") return null;
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? null : { at: date, id };
  } catch {
    return null;
  }
}

/**
 * One page from `limit + 1` rows fetched in keyset order: the extra row only tells whether
 * there is more, and the last row kept is where the next page starts.
 */
export function keysetPage<T extends { id: string }>(rows: T[], limit: number, keyOf: (row: T) => Date) {
  const page = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const last = page[page.length - 1];
  return { page, hasMore, nextCursor: hasMore && last ? encodeKeysetCursor(keyOf(last), last.id) : null };
}

/** An API `cursor` parameter: its position, or the API's 400 naming the parameter. */
export function decodeApiCursor(cursor: string): KeysetPosition {
  const position = decodeKeysetCursor(cursor);
  if (position) return position;
  throw new ApiError(
    "invalid_request",
    "Invalid query parameters: cursor: not a cursor returned by this API",
    {
      issues: [{ path: "cursor", message: "invalid cursor" }],
    },
  );
}

/** The rows after `p` in (`field` desc, id desc) order, as a Prisma `where` condition. */
export function keysetAfter<F extends string>(field: F, p: KeysetPosition) {
  return {
    OR: [
      { [field]: { lt: p.at } } as Record<F, { lt: Date }>,
      { [field]: p.at, id: { lt: p.id } } as Record<F, Date> & { id: { lt: string } },
    ],
  };
}
