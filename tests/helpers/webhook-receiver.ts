import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { LOOPBACK_HOST, listenOnLoopback, Waiters } from "./loopback";

export const TIMESTAMP_HEADER = "x-retentbase-timestamp";
export const SIGNATURE_HEADER = "x-retentbase-signature-sha256";
/** The guide tells merchants to reject timestamps further than this from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface ReceivedRequest {
  method: string;
  /** Path including any query string, as sent on the request line. */
  path: string;
  /** Header names lower-case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: string;
  /** `Date.now()` when the whole body had arrived. */
  receivedAt: number;
  /** Set only when the receiver was started with a `secret`. */
  signatureValid?: boolean;
}

export interface ReceiverResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering, to simulate a slow or hanging endpoint. */
  delayMs?: number;
}

/** `n` is 1 for the first request this receiver sees, 2 for the second, and so on. */
export type Responder = (req: ReceivedRequest, n: number) => ReceiverResponse;

export interface WebhookReceiverOptions {
  /** Signing secret; when set, every request gets `signatureValid`. */
  secret?: string;
  respond?: Responder;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT` — append any path you like; every path is accepted. */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Resolves with all requests so far once at least `count` have arrived (default timeout 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  setResponder(fn: Responder): void;
  /** Stops listening and destroys open sockets, including requests still being delayed. */
  close(): Promise<void>;
}

const defaultResponder: Responder = () => ({ status: 200, body: "ok" });

/**
 * Checks a delivery exactly as the API guide's sample receiver does: both headers present, timestamp
 * within 300 s of `nowMs`, hex HMAC-SHA256 of `${timestamp}.${rawBody}` compared in constant time.
 */
export function verifyRetentbaseSignature(
  secret: string,
  headers: Record<string, string | undefined>,
  rawBody: string,
  nowMs: number = Date.now(),
): boolean {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (!timestamp || !signature) return false;

  const unixTimestamp = Number(timestamp);
  if (!Number.isFinite(unixTimestamp)) return false;
  if (Math.abs(nowMs / 1000 - unixTimestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;

  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return (
    expected.length === signature.length &&
    timingSafeEqual(Buffer.from(expected, "utf8"), Buffer.from(signature, "utf8"))
  );
}

/**
 * Headers a correct sender would attach, computed independently of the app's own signer so tests
 * can cross-check it. `timestamp` is UNIX seconds (default now).
 */
export function signRetentbaseBody(
  secret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): Record<typeof TIMESTAMP_HEADER | typeof SIGNATURE_HEADER, string> {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signature };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
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

export async function startWebhookReceiver(opts: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Waiters();
  const delayTimers = new Set<NodeJS.Timeout>();
  let responder = opts.respond ?? defaultResponder;
  let closed = false;

  const answer = (res: ServerResponse, response: ReceiverResponse) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(response.status, { "content-type": "text/plain; charset=utf-8", ...response.headers });
    res.end(response.body ?? "");
  };

  const server = createServer(async (req, res) => {
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      return; // client went away mid-body; nothing to record
    }
    const headers = flattenHeaders(req.headers);
    const received: ReceivedRequest = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers,
      rawBody,
      receivedAt: Date.now(),
    };
    if (opts.secret !== undefined) {
      received.signatureValid = verifyRetentbaseSignature(opts.secret, headers, rawBody, received.receivedAt);
    }
    requests.push(received);
    waiters.notify();

    let response: ReceiverResponse;
    try {
      response = responder(received, requests.length);
    } catch (error) {
      response = { status: 500, body: `responder threw: ${(error as Error).message}` };
    }
    if (response.delayMs && response.delayMs > 0) {
      const timer = setTimeout(() => {
        delayTimers.delete(timer);
        answer(res, response);
      }, response.delayMs);
      delayTimers.add(timer);
    } else {
      answer(res, response);
    }
  });

  const port = await listenOnLoopback(server);

  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    port,
    requests,
    waitFor(count, timeoutMs = 5_000) {
      return waiters.wait(
        () => (requests.length >= count ? [...requests] : undefined),
        timeoutMs,
        () => `webhook receiver expected ${count} request(s), got ${requests.length}`,
      );
    },
    setResponder(fn) {
      responder = fn;
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      for (const timer of delayTimers) clearTimeout(timer);
      delayTimers.clear();
      waiters.rejectAll("webhook receiver closed");
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Without this, close() would wait for keep-alive and delayed (hanging) requests to finish.
        server.closeAllConnections();
      });
    },
  };
}
