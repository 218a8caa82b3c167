import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 64 * 1024;

export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const type = header.split(";")[0]!.trim().toLowerCase();
  return type === "application/json";
}

/** Reads the body as text, refusing more than `limit` bytes (413) before buffering it all. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
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
