// Every method of every /api route answers in the API's error shape. Next answers a method a
// route file does not export with an empty 405 (no `Allow`, no request id) and an unknown path
// with its HTML 404; so each route file exports all methods through `routeMethods`, and
// app/api/[[...path]]/route.ts answers every path no other route has with `apiNotFound`.
// tests/integration/api-methods.test.ts walks app/api so a new route cannot forget.
import { ApiError } from "./errors";
import { withErrors } from "./handler";

/** What Next dispatches to a route file (any other method it refuses itself with a 400). */
export const ROUTE_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

// biome-ignore lint/suspicious/noExplicitAny: each route's own context type (params) passes through.
type Handler = (req: Request, ctx?: any) => Promise<Response>;
type Declared = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const REFUSES = Symbol.for("retentbase.api.refusesMethod");

/** Whether a route export is one of the 405 (or unknown-path 404) answers of this file, not a real handler. */
export function refusesMethod(handler: unknown): boolean {
  return typeof handler === "function" && REFUSES in handler;
}

/** The methods a route serves: its own, HEAD where it has GET (the same handler), and OPTIONS. */
export function allowedMethods(declared: Declared): RouteMethod[] {
  const own = new Set(Object.keys(declared).filter((m) => declared[m as keyof Declared]));
  if (own.has("GET")) own.add("HEAD");
  own.add("OPTIONS");
  return ROUTE_METHODS.filter((m) => own.has(m));
}

function refusing(handler: Handler): Handler {
  return Object.assign(handler, { [REFUSES]: true });
}

/**
 * A route file's exports: `export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } =
 * routeMethods({ POST: withWorkspace(…) })`. A method the route lacks is a JSON 405
 * `method_not_allowed` with `Allow`; OPTIONS is a 204 with `Allow`; HEAD is the GET handler.
 */
export function routeMethods<D extends Declared>(declared: D): Record<RouteMethod, Handler> & D {
  const allow = allowedMethods(declared).join(", ");
  const refuse = refusing(
    withErrors(async (req) => {
      const path = new URL(req.url).pathname;
      throw new ApiError(
        "method_not_allowed",
        `${req.method} is not allowed on ${path}; it answers ${allow}`,
        { allow: allow.split(", ") },
        { Allow: allow },
      );
    }),
  );
  const options = withErrors(async () => new Response(null, { status: 204, headers: { Allow: allow } }));
  return {
    GET: refuse,
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
    HEAD: declared.GET ?? refuse,
    OPTIONS: options,
    ...declared,
  };
}

/** Every method of a path no route serves: the JSON 404 `not_found`, with a request id. */
export function apiNotFound(): Record<RouteMethod, Handler> {
  const notFound = refusing(
    withErrors(async (req) => {
      const path = new URL(req.url).pathname;
      throw new ApiError(
        "not_found",
        `No API route at ${path}. The endpoints are listed in /api/v1/openapi.json.`,
      );
    }),
  );
  return Object.fromEntries(ROUTE_METHODS.map((m) => [m, notFound])) as Record<RouteMethod, Handler>;
}
