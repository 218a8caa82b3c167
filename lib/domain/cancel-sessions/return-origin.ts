import { db } from "@/lib/db";
import { hashToken, URL_TOKEN_SHAPE } from "@/lib/tokens";

// A session's return URL never changes after the link is made, so its origin is cached per
// process: a customer walking the flow costs one indexed lookup, not one per page. Bounded; only
// sessions that exist are cached, so guessed tokens cannot fill it.
const MAX_CACHED = 5_000;
const cache = new Map<string, string>();

/**
 * The origin of the return URL of the session a hosted-flow link token opens, or null (unknown
 * token, malformed, or the database did not answer: the page's CSP then allows posts to itself only).
 */
export async function returnOriginOfLink(token: string): Promise<string | null> {
  if (!URL_TOKEN_SHAPE.test(token)) return null;
  const tokenHash = hashToken(token);
  const cached = cache.get(tokenHash);
  if (cached) return cached;
  const session = await db.cancelSession
    .findUnique({ where: { tokenHash }, select: { returnUrl: true } })
    .catch(() => null);
  if (!session) return null;
  let origin: string;
  try {
    origin = new URL(session.returnUrl).origin;
    if (origin === "null") return null;
  } catch {
    return null;
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(tokenHash, origin);
  return origin;
}
