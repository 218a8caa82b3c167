import { type NextRequest, NextResponse } from "next/server";
import { HOSTED_FLOW_HEADERS, hostedFlowCsp, newNonce } from "@/lib/routing/csp";
import { decideHostRoute, hostOf, isHostedFlowPath } from "@/lib/routing/hosts";

// Kept as `middleware.ts` (the file the product brief names) although Next 16 also accepts proxy.ts.
// The decisions themselves are pure functions in lib/routing/.
const cancelHost = hostOf(process.env.CANCEL_URL || "http://cancel.localhost:3000");
const dev = process.env.NODE_ENV !== "production";

export function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const decision = decideHostRoute({ host: request.headers.get("host"), pathname, cancelHost });
  if (decision.action === "not_found") {
    // No route lives under /_not-found-host, so Next renders app/not-found.tsx with a 404.
    return NextResponse.rewrite(new URL("/_not-found-host", request.url), { status: 404 });
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
