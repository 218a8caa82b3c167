import { createServer, type IncomingMessage } from "node:http";
import Stripe from "stripe";
import { LOOPBACK_HOST, listenOnLoopback } from "./loopback";

export interface FakeStripeRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/customers/cus_123`. */
  path: string;
  /** Form-encoded body as flat keys, e.g. `{ email: "a@b.c", "metadata[a]": "1" }`. */
  body: Record<string, string>;
  /** Query string as flat keys (GET and DELETE parameters travel here). */
  query: Record<string, string>;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Named groups of a RegExp pattern, or `:name` segments of a string pattern. */
  params: Record<string, string>;
}

export interface FakeStripeResponse {
  /** Default 200. */
  status?: number;
  json?: unknown;
  /** A non-JSON answer (the fake checkout pages): sent as is, with `headers`. */
  html?: string;
  headers?: Record<string, string>;
}

export type FakeStripeHandler = (req: FakeStripeRequest) => FakeStripeResponse | Promise<FakeStripeResponse>;

export interface FakeStripe {
  port: number;
  /** `http://127.0.0.1:PORT`, suitable for `STRIPE_API_BASE`. */
  url: string;
  /** Every request received, in order, whether or not a route matched. */
  requests: FakeStripeRequest[];
  /**
   * Registers a handler. A string pattern matches the whole path, with `:name` matching one segment;
   * a RegExp is tested against the path. The most recently registered matching route wins, so a test
   * can override a default. Returns a function that removes the route.
   */
  route(method: string, pathPattern: string | RegExp, handler: FakeStripeHandler): () => void;
  close(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: FakeStripeHandler;
}

function patternToRegExp(pathPattern: string | RegExp): RegExp {
  if (pathPattern instanceof RegExp) return pathPattern;
  const source = pathPattern
    .split("/")
    .map((segment) =>
      segment.startsWith(":")
        ? `(?<${segment.slice(1)}>[^/]+)`
        : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}$`);
}

function flatten(params: URLSearchParams): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of params) flat[key] = value;
  return flat;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function stripeError(type: string, message: string): { error: { type: string; message: string } } {
  return { error: { type, message } };
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = [];
  const routes: Route[] = [];
  let requestCount = 0;
  let closed = false;

  const route: FakeStripe["route"] = (method, pathPattern, handler) => {
    const entry: Route = { method: method.toUpperCase(), pattern: patternToRegExp(pathPattern), handler };
    routes.push(entry);
    return () => {
      const index = routes.indexOf(entry);
      if (index !== -1) routes.splice(index, 1);
    };
  };

  route("GET", "/v1/balance", () => ({
    json: { object: "balance", available: [], pending: [], livemode: false },
  }));

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`);
    const method = (req.method ?? "GET").toUpperCase();
    const rawBody = await readBody(req).catch(() => "");
    const contentType = req.headers["content-type"] ?? "";
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const request: FakeStripeRequest = {
      method,
      path: url.pathname,
      body: contentType.startsWith("application/x-www-form-urlencoded")
        ? flatten(new URLSearchParams(rawBody))
        : {},
      query: flatten(url.searchParams),
      headers,
      params: {},
    };
    requests.push(request);

    let status = 404;
    let html: string | undefined;
    let extraHeaders: Record<string, string> = {};
    let json: unknown = stripeError(
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${url.pathname}). This fake Stripe server has no route for it.`,
    );
    for (let i = routes.length - 1; i >= 0; i--) {
      const candidate = routes[i]!;
      const match = candidate.method === method ? candidate.pattern.exec(url.pathname) : null;
      if (!match) continue;
      request.params = { ...match.groups };
      try {
        const response = await candidate.handler(request);
        status = response.status ?? 200;
        json = response.json;
        html = response.html;
        extraHeaders = response.headers ?? {};
      } catch (error) {
        status = 500;
        json = stripeError("api_error", `fake Stripe handler threw: ${(error as Error).message}`);
      }
      break;
    }

    requestCount += 1;
    res.writeHead(status, {
      "content-type": html === undefined ? "application/json" : "text/html; charset=utf-8",
      "request-id": `req_fake_${requestCount}`,
      ...extraHeaders,
    });
    res.end(html ?? JSON.stringify(json ?? {}));
  });

  const port = await listenOnLoopback(server);

  return {
    port,
    url: `http://${LOOPBACK_HOST}:${port}`,
    requests,
    route,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK's keep-alive agent holds sockets open; close() must not wait for them.
        server.closeAllConnections();
      });
    },
  };
}

/** A real Stripe SDK client that talks only to the fake. */
export function stripeClientFor(fake: Pick<FakeStripe, "port">): Stripe {
  return new Stripe("sk_test_fake", {
    host: LOOPBACK_HOST,
    port: fake.port,
    protocol: "http",
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

// Only its `webhooks` helpers are used; constructing a client makes no network call.
const offlineStripe = new Stripe("sk_test_fake");

/**
 * Serialises `payload` and signs it like Stripe does, for posting to our `/api/stripe/webhook`.
 * `timestamp` (UNIX seconds, default now) lets a test send a stale signature.
 */
export function signStripeEvent(
  payload: object,
  secret: string,
  opts: { timestamp?: number } = {},
): { body: string; header: string } {
  const body = JSON.stringify(payload);
  const header = offlineStripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(opts.timestamp === undefined ? {} : { timestamp: opts.timestamp }),
  });
  return { body, header };
}
