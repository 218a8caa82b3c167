// What `/api/auth/[...nextauth]` does before next-auth sees a request: refuse input it would fail
// on (a 500) or store (a NUL), and limit magic-link requests. next-auth itself is passed in, so
// tests can check what reaches it.
import { NextRequest } from "next/server";
import { BODY_LIMITS, readLimitedBody } from "@/lib/api/body";
import { ApiError, issuesError } from "@/lib/api/errors";
import { CLIENT_CLOSED, isClientClosed, json } from "@/lib/api/handler";
import { withTransportHeaders, wrongHostError } from "@/lib/api/host";
import { unstorableText } from "@/lib/api/text";
import { isEmailSignIn, nextAuthBody, signInRateLimited } from "./sign-in-limit";

type Params = { nextauth: string[] };
type Ctx = { params: Promise<Params> };
export type NextAuthHandler = (req: Request, ctx: { params: Params }) => Promise<Response>;

/** What next-auth accepts as a callback URL (a path, or an absolute http(s) URL); else it 500s. */
function usableCallbackUrl(v: unknown): boolean {
  if (typeof v !== "string") return v === undefined;
  try {
    return /^https?:$/.test(new URL(v, v.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** A callbackUrl (query, body or next-auth's cookie) next-auth would fail on, refused as a 400. */
function refusedCallbackUrl(req: Request, body: Record<string, unknown> | null): Response | null {
  const cookies = (req.headers.get("cookie") ?? "").split(";").map((c) => c.trim().split("="));
  const candidates: unknown[] = [
    new URL(req.url).searchParams.get("callbackUrl") ?? undefined,
    body?.callbackUrl,
    ...cookies.filter(([k]) => CALLBACK_COOKIES.includes(k ?? "")).map(([, v]) => safeDecode(v ?? "")),
  ];
  if (candidates.every(usableCallbackUrl)) return null;
  const message = "callbackUrl must be a path on this site or an http(s) URL";
  return json(new ApiError("invalid_request", message).toBody(), 400);
}

function safeDecode(v: string): string | undefined {
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

/**
 * next-auth parses POST bodies itself: malformed JSON throws inside it (a 500), and a NUL in a
 * field (the email) would reach Postgres. Refused here with the API's 400 instead, as is a
 * callbackUrl it cannot use (GET or POST).
 */
async function refusedInput(req: Request): Promise<Response | null> {
  if (req.method !== "POST") return refusedCallbackUrl(req, null);
  let fields: unknown;
  try {
    fields = await nextAuthBody(req);
  } catch (e) {
    return json(new ApiError("invalid_json", `Malformed JSON: ${(e as Error).message}`).toBody(), 400);
  }
  const issues = unstorableText(fields);
  if (issues.length) return json(issuesError(issues, "body").toBody(), 400);
  const record = fields && typeof fields === "object" ? (fields as Record<string, unknown>) : null;
  return refusedCallbackUrl(req, record);
}

/**
 * The body, read once within the sign-in forms' limit (16 KB; 413 beyond, before next-auth
 * buffers anything), as a request next-auth and the checks here can each read again.
 */
async function buffered(req: Request): Promise<Request | Response> {
  if (!req.body) return req;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readLimitedBody(req, BODY_LIMITS.authForm);
  } catch (e) {
    if (e instanceof ApiError) return json(e.toBody(), e.status);
    // The client hung up mid-body: nobody to answer, nothing to log as an error.
    if (isClientClosed(req, e)) return new Response(null, { status: CLIENT_CLOSED });
    throw e;
  }
  return new NextRequest(req.url, {
    method: req.method,
    headers: req.headers,
    body: bytes,
    signal: req.signal,
  });
}

/** The route's GET and POST around next-auth (built on first use, so `next build` needs no configuration). */
export function nextAuthRoute(nextAuth: () => NextAuthHandler) {
  return {
    async GET(req: Request, ctx: Ctx): Promise<Response> {
      const wrongHost = wrongHostError(req);
      if (wrongHost) return json(wrongHost.toBody(), wrongHost.status);
      const refused = await refusedInput(req);
      if (refused) return refused;
      return withTransportHeaders(req, await nextAuth()(req, { params: await ctx.params }));
    },
    async POST(original: Request, ctx: Ctx): Promise<Response> {
      const wrongHost = wrongHostError(original);
      if (wrongHost) return json(wrongHost.toBody(), wrongHost.status);
      const req = await buffered(original);
      if (req instanceof Response) return req;
      const params = await ctx.params;
      const refused = await refusedInput(req);
      if (refused) return refused;
      // Every email sign-in, whatever follows `signin/email` in the path or the body's type.
      if (isEmailSignIn(params.nextauth)) {
        const limited = await signInRateLimited(req);
        if (limited) return limited;
      }
      return withTransportHeaders(req, await nextAuth()(req, { params }));
    },
  };
}
