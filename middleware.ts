import { type NextRequest, NextResponse } from "next/server";
import { requestIdFrom } from "@/lib/api/request-id";
import { HOSTED_FLOW_HEADERS, hostedFlowCsp, newNonce } from "@/lib/routing/csp";
import { decideHostRoute, hostOf, isHostedFlowPath, normalizeHost } from "@/lib/routing/hosts";
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
  if (!isHostedFlowPath(pathname)) return NextResponse.next();

  // Hosted flow: a fresh nonce per response; Next reads it from the request's CSP header and puts
  // it on its own scripts, pages read it from x-nonce.
  const nonce = newNonce();
  const csp = hostedFlowCsp(nonce, { dev });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(HOSTED_FLOW_HEADERS)) response.headers.set(k, v);
  return response;
}

export const config = {
  runtime: "nodejs",
  matcher: ["/((?!_next/static|_next/image).*)"],
};
