import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "application/json";
}

/**
 * Reads at most `limit` bytes of a request body; null when it is longer (the rest is never
 * buffered). Used by the API wrapper and by middleware's look at server-action bodies.
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: on a cloned (teed) body, cancel settles only once the other branch is done too.
      reader.cancel().catch(() => {});
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

/** Reads the body as text, refusing more than `limit` bytes (413) before buffering it all. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const bytes = await readBodyBytes(req, limit);
  if (!bytes) throw tooLarge(limit);
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

function tooLarge(limit: number) {
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
