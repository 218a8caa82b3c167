// Requests Next.js itself would answer with a 500, refused in middleware.ts with a 4xx before any
// route runs. Pure functions of the request: no I/O besides reading its (cloned) body.
//
// 1. A path segment that is not valid percent-encoded UTF-8 (`%`, `%zz`, `%ED%A0%80`, `%C0%AE`):
//    Next decodes dynamic segments with decodeURIComponent and fails with a 500 before the route
//    (the API wrapper included) ever runs.
// 2. Server-action requests (a `Next-Action` header, or a multipart POST, which Next decodes as a
//    possible progressive-enhancement action) that Next cannot decode: a malformed multipart
//    body, an `Origin` that is not a URL or not this host (Next's CSRF check throws), a body over
//    Next's 1 MB action limit, or a React reply encoding that is broken (bad JSON, references to
//    parts that are not there, nesting deep enough to overflow the decoder). All of these are 500s
//    in Next 16 (so is an action POST with the `RSC` navigation header on a not-found path); real
//    actions, from the browser with or without JavaScript, pass unchanged.

import { readBodyBytes } from "@/lib/api/body";

export type Refusal = { status: 400 | 403 | 413; message: string };

/** Next's default `serverActions.bodySizeLimit`. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;
const MAX_REPLY_DEPTH = 64;

/** A path whose segments do not all decode as UTF-8 percent-encoding. */
export function isMalformedPath(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/** The paths under app/ that are route handlers: Next never decodes server actions for them. */
function isRouteHandlerPath(pathname: string): boolean {
  return pathname.startsWith("/api/") || /^\/s\/[^/]+\/submit\/?$/.test(pathname);
}

/** Whether Next would try to decode this request as a server action (see server-action-request-meta). */
export function isPossibleServerAction(method: string, pathname: string, headers: Headers): boolean {
  if (method !== "POST" || isRouteHandlerPath(pathname)) return false;
  const contentType = headers.get("content-type") ?? "";
  return headers.has("next-action") || contentType.startsWith("multipart/form-data");
}

function firstHeaderValue(v: string | null): string | null {
  return v?.split(",")[0]?.trim() || null;
}

/**
 * Next compares the Origin's host with x-forwarded-host, else Host, and throws (a 500) when they
 * differ or the Origin does not parse. Without an Origin (curl, old browsers) it lets the action run.
 */
export function originRefusal(headers: Headers): Refusal | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  let originHost: string;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    return { status: 400, message: "The Origin header is not a URL" };
  }
  const host = firstHeaderValue(headers.get("x-forwarded-host")) ?? headers.get("host");
  if (!host || originHost !== host) {
    return { status: 403, message: "Cross-site form posts are not accepted" };
  }
  return null;
}

/** JSON nesting depth, counted outside strings, so a hostile depth is refused before parsing. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

type ReplyParts = { strings: Map<string, string>; files: Set<string>; prefix: string };

/**
 * React's reply encoding (what `encodeReply` sends for an action's arguments): chunk 0 is the root,
 * `$@n` and `$n` point at chunk n (another part), `$Kn` is a FormData whose fields follow, `$Bn` a
 * file part; scalar tags (`$$…`, `$u`, `$D…`, `$n…`, `$I`, `$-0`, `$N`, `$T`) need nothing else.
 * Tags the app's actions never take (Maps, Sets, iterators, streams, typed arrays, server
 * references) are refused: they are how a hand-made body makes React's decoder throw.
 * Returns a reason when React could not decode it, else null.
 */
export function replyProblem(parts: ReplyParts, root = 0): string | null {
  const seen = new Set<number>();
  const chunk = (id: number): string | null => {
    if (seen.has(id)) return null;
    seen.add(id);
    const text = parts.strings.get(`${parts.prefix}${id}`);
    if (text === undefined) return `part ${id} is missing`;
    if (nestingDepth(text) > MAX_REPLY_DEPTH) return `part ${id} is nested too deeply`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return `part ${id} is not JSON`;
    }
    return walk(value);
  };
  const ref = (hex: string): string | null => {
    const id = /^[0-9a-f]+$/i.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
    return Number.isSafeInteger(id) ? chunk(id) : `bad reference $${hex}`;
  };
  const walk = (v: unknown): string | null => {
    if (typeof v === "string") {
      if (v[0] !== "$") return null;
      const tag = v[1];
      const rest = v.slice(2);
      switch (tag) {
        case "$":
        case "u":
        case "I":
        case "-":
        case "N":
        case "T":
        case "K":
          return null;
        case "D":
          return Number.isNaN(Date.parse(rest)) ? "bad date" : null;
        case "n":
          return /^-?\d{1,300}$/.test(rest) ? null : "bad bigint";
        case "@":
          return ref(rest);
        case "B":
          return parts.files.has(`${parts.prefix}${Number.parseInt(rest, 16)}`) ? null : "missing file part";
        default: {
          // `$<hex>` or `$<hex>:path`: an outlined model.
          const m = /^\$([0-9a-f]+)(?::[^:]+)*$/i.exec(v);
          return m ? ref(m[1]!) : `unsupported value ${v.slice(0, 3)}`;
        }
      }
    }
    if (Array.isArray(v)) {
      for (const x of v) {
        const p = walk(x);
        if (p) return p;
      }
      return null;
    }
    if (v && typeof v === "object") {
      for (const x of Object.values(v)) {
        const p = walk(x);
        if (p) return p;
      }
    }
    return null;
  };
  return chunk(root);
}

function partsOf(form: FormData, prefix: string): ReplyParts {
  const strings = new Map<string, string>();
  const files = new Set<string>();
  for (const [k, v] of form.entries()) {
    if (!k.startsWith(prefix)) continue;
    if (typeof v === "string") strings.set(k, v);
    else files.add(k);
  }
  return { strings, files, prefix };
}

/** The root of an action's arguments must be an array (Next spreads it into the call). */
function argumentsProblem(parts: ReplyParts): string | null {
  const problem = replyProblem(parts);
  if (problem) return problem;
  const root = JSON.parse(parts.strings.get(`${parts.prefix}0`)!) as unknown;
  return Array.isArray(root) ? null : "the arguments are not a list";
}

/** A progressive-enhancement form: `$ACTION_REF_n` names a descriptor `{id, bound}` in `$ACTION_n:*`. */
function formActionProblem(form: FormData): string | null {
  for (const key of form.keys()) {
    if (!key.startsWith("$ACTION_REF_")) continue;
    const prefix = `$ACTION_${key.slice("$ACTION_REF_".length)}:`;
    const parts = partsOf(form, prefix);
    const problem = replyProblem(parts);
    if (problem) return problem;
    const descriptor = JSON.parse(parts.strings.get(`${prefix}0`)!) as { id?: unknown; bound?: unknown };
    if (typeof descriptor !== "object" || descriptor === null || typeof descriptor.id !== "string") {
      return "the action descriptor has no id";
    }
    if (descriptor.bound !== null && descriptor.bound !== undefined) {
      const bound = typeof descriptor.bound === "string" ? /^\$@([0-9a-f]+)$/i.exec(descriptor.bound) : null;
      if (!bound) return "the bound arguments are not a reference";
      const text = parts.strings.get(`${prefix}${Number.parseInt(bound[1]!, 16)}`);
      if (!Array.isArray(JSON.parse(text ?? "null"))) return "the bound arguments are not a list";
    }
  }
  return null;
}

/**
 * For a request Next would decode as a server action: null when Next can handle it, else the 4xx
 * to answer. `serverActions` is false on the cancel host, which serves none.
 */
export async function serverActionRefusal(
  request: Request,
  opts: { serverActions: boolean },
): Promise<Refusal | null> {
  if (!opts.serverActions) return { status: 400, message: "This host serves no server actions" };
  // Next's client never sends `RSC` with an action (it is the navigation header); with it, an
  // unknown action on a not-found path trips an invariant in Next (a 500).
  if (request.headers.has("rsc"))
    return { status: 400, message: "A server action request carries no RSC header" };
  const refused = originRefusal(request.headers);
  if (refused) return refused;

  const tooLarge: Refusal = { status: 413, message: "Request body exceeds 1 MB" };
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > SERVER_ACTION_BODY_LIMIT) return tooLarge;
  const bytes = await readBodyBytes(request.clone(), SERVER_ACTION_BODY_LIMIT);
  if (!bytes) return tooLarge;

  const contentType = request.headers.get("content-type") ?? "";
  const isFetchAction = request.headers.has("next-action");
  if (!contentType.startsWith("multipart/form-data")) {
    // A fetch action whose arguments needed no FormData: the body is the root part itself.
    const text = new TextDecoder().decode(bytes);
    const problem = argumentsProblem({ strings: new Map([["0", text]]), files: new Set(), prefix: "" });
    return problem ? { status: 400, message: `Malformed server action request: ${problem}` } : null;
  }

  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    return { status: 400, message: "Malformed multipart/form-data body" };
  }
  const problem = isFetchAction ? argumentsProblem(partsOf(form, "")) : formActionProblem(form);
  return problem ? { status: 400, message: `Malformed server action request: ${problem}` } : null;
}
