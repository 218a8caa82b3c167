import { ApiError } from "./errors";

// Every request body is read here, within a limit, before anything parses it. Route handlers see
// bodies unbuffered (middleware.ts does not match them), so a limit here is the only buffer.

/** Body limits per route (413 `payload_too_large` beyond). */
export const BODY_LIMITS = {
  /** The API (JSON, with an API key). */
  api: 64 * 1024,
  /** Stripe's signed webhook events (unauthenticated until verified; real events are a few KB). */
  stripeWebhook: 256 * 1024,
  /**
   * The hosted flow's form posts (unauthenticated). A 2,000-character note in a non-Latin script
   * form-encodes to up to 18 KB (9 bytes a character), so 24 KB keeps the page's own "keep your
   * note under …" message for every note a customer can type.
   */
  hostedForm: 24 * 1024,
  /** next-auth's sign-in forms and JSON (an email, a CSRF token, a callback URL). */
  authForm: 16 * 1024,
} as const;

export const MAX_BODY_BYTES = BODY_LIMITS.api;

/**
 * After a refusal, the rest of an oversized body is read and thrown away (up to this much), so the
 * client, still sending, receives the 413 instead of a reset connection; beyond it the connection
 * is closed.
 */
const DISCARD_LIMIT = 16 * 1024 * 1024;

/** The body's declared `Content-Length` is over `limit` (checked before reading anything). */
export function declaresTooLarge(req: Request, limit: number): boolean {
  const declared = Number(req.headers.get("content-length"));
  return Number.isFinite(declared) && declared > limit;
}

/** Reads and drops what is left of a body in the background (never awaited, never throws). */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, budget = DISCARD_LIMIT) {
  void (async () => {
    let seen = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > budget) {
        await reader.cancel();
        return;
      }
    }
  })().catch(() => {});
}

/**
 * An oversized body the route will not read: drained in the background as above, so the 413 goes
 * out at once and still reaches the client.
 */
export function discardBody(req: Request) {
  if (!req.body || req.bodyUsed) return;
  try {
    discardRest(req.body.getReader());
  } catch {
    // Already locked: whoever holds it reads it.
  }
}

export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "application/json";
}

/**
 * Reads at most `limit` bytes of a request body; null when it is longer (the rest is never
 * buffered: `rest: "discard"` drains it in the background, for a request the route answers
 * itself; the default cancels it, for middleware's look at a cloned server-action body, whose
 * other branch Next still reads). Used by the API wrappers, the unauthenticated routes and
 * middleware.
 */
export async function readBodyBytes(
  req: Request,
  limit: number,
  opts: { rest?: "cancel" | "discard" } = {},
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Cancelling a route's own body destroys the socket (the client sees a reset, not the 413).
      if (opts.rest === "discard") discardRest(reader);
      // Not awaited: on a cloned (teed) body, cancel settles only once the other branch is done too.
      else reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * A route's body, refusing more than `limit` bytes (413 `payload_too_large`): by its declared
 * `Content-Length` before reading anything, else while streaming (a chunked body), so no more
 * than `limit` is ever buffered; what is left of a refused body is drained, not reset.
 */
export async function readLimitedBody(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (declaresTooLarge(req, limit)) {
    discardBody(req);
    throw tooLarge(limit);
  }
  const bytes = await readBodyBytes(req, limit, { rest: "discard" });
  if (!bytes) throw tooLarge(limit);
  return bytes;
}

/** Reads the body as text, refusing more than `limit` bytes (413) before buffering it all. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readLimitedBody(req, limit));
}

export function tooLarge(limit: number) {
  return new ApiError("payload_too_large", `Request body exceeds ${limit / 1024} KB`);
}

/** Parses JSON text; malformed or empty → 400 `invalid_json`. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") throw new ApiError("invalid_json", "Request body is empty: send a JSON object");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError("invalid_json", `Malformed JSON: ${(e as Error).message}`);
  }
}
