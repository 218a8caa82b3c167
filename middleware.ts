import { type NextRequest, NextResponse } from "next/server";
import { decideHostRoute, hostOf } from "@/lib/routing/hosts";

// Kept as `middleware.ts` (the file the product brief names) although Next 16 also accepts proxy.ts.
// The decision itself is the pure function in lib/routing/hosts.ts.
const cancelHost = hostOf(process.env.CANCEL_URL || "http://cancel.localhost:3000");

export function middleware(request: NextRequest) {
  const decision = decideHostRoute({
    host: request.headers.get("host"),
    pathname: request.nextUrl.pathname,
    cancelHost,
  });
  if (decision.action === "not_found") {
    // No route lives under /_not-found-host, so Next renders app/not-found.tsx with a 404.
    return NextResponse.rewrite(new URL("/_not-found-host", request.url), { status: 404 });
  }
  return NextResponse.next();
}

export const config = {
  runtime: "nodejs",
  matcher: ["/((?!_next/static|_next/image).*)"],
};
