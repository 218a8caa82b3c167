import { type NextRequest, NextResponse } from "next/server";
import { requestIdFrom } from "@/lib/api/request-id";
import { HOSTED_PATH_HEADER } from "@/lib/domain/cancel-sessions/hosted-path";
import { returnOriginOfLink } from "@/lib/domain/cancel-sessions/return-origin";
import { CANCEL_HOST_HOME_HEADERS, CANCEL_HOST_HOME_HTML } from "@/lib/routing/cancel-host-home";
import { appCsp, HOSTED_FLOW_HEADERS, hostedFlowCsp, newNonce } from "@/lib/routing/csp";
import { decideHostRoute, hostOf, isHostedFlowPath, normalizeHost } from "@/lib/routing/hosts";
import { HSTS_VALUE, sendsHsts } from "@/lib/routing/https";
import { isPagePath } from "@/lib/routing/pages";
import {
  isMalformedPath,
  isPossibleServerAction,
  type Refusal,
  serverActionRefusal,
} from "@/lib/routing/request-guard";

// Kept as `middleware.ts` (the file the product brief names) although Next 16 also accepts proxy.ts.
// The decisions themselves are pure functions in lib/routing/.
const cancelHost = hostOf(process.env.CANCEL_URL || "http://cancel.localhost:3000");
const dev = process.env.NODE_ENV !== "production";
const configuredUrls = [
  process.env.APP_URL || "http://localhost:3000",
  process.env.CANCEL_URL || "http://cancel.localhost:3000",
];

/** A refused request: the API's error shape under /api/, plain text elsewhere. Never a 500. */
function refuse(request: NextRequest, refusal: Refusal): NextResponse {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const code =
      refusal.status === 413 ? "payload_too_large" : refusal.status === 403 ? "forbidden" : "invalid_request";
    return NextResponse.json(
      { error: { code, message: refusal.message } },
      { status: refusal.status, headers: { "x-request-id": requestIdFrom(request.headers) } },
    );
  }
  return new NextResponse(`${refusal.message}\n`, {
    status: refusal.status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const host = request.headers.get("host");
  // Bad input Next itself would answer with a 500 (lib/routing/request-guard.ts).
  if (isMalformedPath(pathname)) {
    return refuse(request, { status: 400, message: "Malformed percent-encoding in the URL path" });
  }
  const decision = decideHostRoute({ host, pathname, cancelHost });
  if (pathname.startsWith("/api/")) {
    // Only /api paths with a `%` come here (see `config` below), for the check above. The host
    // rule for the others lives in the API wrappers (lib/api/handler.ts): the same JSON 404.
    if (decision.action === "not_found") {
      return NextResponse.json(
        { error: { code: "not_found", message: "Not found" } },
        { status: 404, headers: { "x-request-id": requestIdFrom(request.headers) } },
      );
    }
    return NextResponse.next();
  }
  if (decision.action === "cancel_home") {
    // Someone trimmed a link to its host: a calm page saying what the address serves, made here
    // (a rewrite to a page would be proxied when the server listens on another name than the host).
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new NextResponse("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });
    }
    const home = new NextResponse(request.method === "HEAD" ? null : CANCEL_HOST_HOME_HTML, {
      status: 200,
      headers: { ...HOSTED_FLOW_HEADERS, ...CANCEL_HOST_HOME_HEADERS },
    });
    if (sendsHsts({ host, forwardedProto: request.headers.get("x-forwarded-proto"), configuredUrls })) {
      home.headers.set("Strict-Transport-Security", HSTS_VALUE);
    }
    return home;
  }
  if (decision.action === "not_found") {
    // Next would still decode a POST to the not-found page as a possible server action (and fail).
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new NextResponse("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });
    }
    // No route lives under /_not-found-host, so Next renders app/not-found.tsx with a 404.
    return NextResponse.rewrite(new URL("/_not-found-host", request.url), { status: 404 });
  }
  if (isPossibleServerAction(request.method, pathname, request.headers)) {
    // Next would run an action posted to any path, then render a 404 (or trip over its
    // prerendered not-found page: a 500); actions belong to pages.
    if (!isPagePath(pathname)) {
      return new NextResponse("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });
    }
    const onCancelHost = normalizeHost(host) === normalizeHost(cancelHost);
    const refusal = await serverActionRefusal(request, { serverActions: !onCancelHost });
    if (refusal) return refuse(request, refusal);
  }

  const hosted = isHostedFlowPath(pathname);
  const hsts = sendsHsts({ host, forwardedProto: request.headers.get("x-forwarded-proto"), configuredUrls });
  if (!hosted && !isPagePath(pathname)) {
    // Assets and unknown paths: Next serves the prerendered 404 (which has no nonce to match, and
    // no content of anyone's), so no CSP; rendering it per request would let a malformed
    // router-state header (hidden from middleware) fail the render with a 500.
    const response = NextResponse.next();
    if (hsts) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
    return response;
  }
  // Every page gets a fresh nonce per response: Next reads it from the request's CSP header and
  // puts it on its own scripts; pages read it from x-nonce.
  const nonce = newNonce();
  const csp = hosted
    ? hostedFlowCsp(nonce, { dev, returnOrigin: await formActionOrigin(request.method, pathname) })
    : appCsp(nonce, { dev });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // Where the page was asked for, so a signed-out visit comes back here after sign-in
  // (lib/auth/session.ts; checked as a same-site path there). Set here, never taken from the client.
  requestHeaders.set("x-request-path", `${pathname}${request.nextUrl.search}`);
  // For the link's not-found page, which gets no params (lib/domain/cancel-sessions/load-step.ts).
  if (hosted) requestHeaders.set(HOSTED_PATH_HEADER, pathname);
  else requestHeaders.delete(HOSTED_PATH_HEADER);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (hosted) for (const [k, v] of Object.entries(HOSTED_FLOW_HEADERS)) response.headers.set(k, v);
  if (hsts) response.headers.set("Strict-Transport-Security", HSTS_VALUE);
  return response;
}

/**
 * The return origin a hosted-flow page's `form-action` must allow. The CSP that governs a form
 * post — and the redirect that answers it (submit → 303 to the return URL) — is the one of the
 * page holding the form, and a page can set response headers only here, so the middleware looks
 * the session up: by the link token in the path (`/s/<token>[/step]`), one indexed read cached per
 * process (lib/domain/cancel-sessions/return-origin.ts), for page GETs only — never for assets,
 * /api or the submit route (which is not matched at all). Unknown tokens get `'self'` alone.
 */
async function formActionOrigin(method: string, pathname: string): Promise<string | null> {
  if (method !== "GET" && method !== "HEAD") return null;
  const token = /^\/s\/([^/]+)(?:\/(?:offer|confirm|done))?\/?$/.exec(pathname)?.[1];
  return token ? returnOriginOfLink(token) : null;
}

export const config = {
  runtime: "nodejs",
  // Not /api/* (route handlers check their host and read their bodies with their own limits,
  // lib/api/body.ts: through middleware Next would buffer every body first), except paths with
  // a `%`, for the malformed-encoding check above (Next would answer those with a 500); not the
  // hosted-flow submit route either, for the same reason (it checks its host itself), nor the
  // receipt PDF (whose own headers — private, no-store, no page CSP — the page headers would replace).
  matcher: [
    "/((?!api/|_next/static|_next/image|s/[^/%]+/submit/?$|s/[^/%]+/receipt\\.pdf$).*)",
    "/api/(.*%.*)",
  ],
};
