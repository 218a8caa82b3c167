// What middleware.ts does for pages, done by the API wrappers for /api/* (which the middleware no
// longer sees, so Next does not buffer their bodies): the cancel host serves only /s/*, and https
// deployments send HSTS. The decisions are the pure functions of lib/routing/.
import { env } from "@/lib/env";
import { decideHostRoute, hostOf } from "@/lib/routing/hosts";
import { HSTS_VALUE, sendsHsts } from "@/lib/routing/https";
import { ApiError } from "./errors";

/** The `Host` the request was sent to (Next builds `req.url` from it too). */
function requestHost(req: Request): string {
  return req.headers.get("host") ?? new URL(req.url).host;
}

/** Whether this host does not serve this path (the cancel host serves only /s/*, others not /s/*). */
export function isWrongHost(req: Request): boolean {
  const decision = decideHostRoute({
    host: requestHost(req),
    pathname: new URL(req.url).pathname,
    cancelHost: hostOf(env().CANCEL_URL),
  });
  return decision.action === "not_found";
}

/** A 404 `not_found` for an /api request on the cancel host, else null. */
export function wrongHostError(req: Request): ApiError | null {
  return isWrongHost(req) ? new ApiError("not_found", "Not found") : null;
}

/** Adds `Strict-Transport-Security` when the request came over https to a public host. */
export function withTransportHeaders(req: Request, response: Response): Response {
  const e = env();
  const hsts = sendsHsts({
    host: requestHost(req),
    forwardedProto: req.headers.get("x-forwarded-proto"),
    configuredUrls: [e.APP_URL, e.API_URL, e.CANCEL_URL],
  });
  if (hsts) {
    try {
      response.headers.set("Strict-Transport-Security", HSTS_VALUE);
    } catch {
      // Response.redirect() and friends have immutable headers; they are redirects, HSTS can wait.
    }
  }
  return response;
}
