// The SSRF-safe HTTP client for webhook deliveries: an undici Agent whose connector resolves the
// host itself, vets every address (target.ts) and connects to the vetted one — the name is never
// resolved a second time, so there is no DNS-rebinding window. TLS still verifies the certificate
// against the host name (SNI comes from the URL's host). No redirects, a hard timeout, ≤ 4 KB read.
import { Agent, buildConnector, type Dispatcher, request } from "undici";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { type Resolver, systemResolver, type TargetPolicy, vetHost, WebhookTargetError } from "./target";

export const DEFAULT_TIMEOUT_MS = 6_000;
export const RESPONSE_EXCERPT_BYTES = 4096;

/** A keep-alive agent that connects only to vetted addresses. */
export function createWebhookAgent(policy: TargetPolicy): Agent {
  const connectTcp = buildConnector({ timeout: DEFAULT_TIMEOUT_MS });
  const connect: buildConnector.connector = (options, callback) => {
    vetHost(options.hostname, policy).then(
      (address) => connectTcp({ ...options, hostname: address }, callback),
      (err: Error) => callback(err, null),
    );
  };
  return new Agent({ connect, keepAliveTimeout: 4_000 });
}

const sharedAgents = new Map<boolean, Agent>();
let warned = false;

/** The policy the environment asks for; warns once when private targets are allowed. */
export function targetPolicy(resolve: Resolver = systemResolver): TargetPolicy {
  const allowPrivate = env().WEBHOOK_ALLOW_PRIVATE_TARGETS;
  if (allowPrivate && !warned) {
    warned = true;
    logger.warn(
      "WEBHOOK_ALLOW_PRIVATE_TARGETS=true: webhooks may go to http:// and private-network addresses. Local work and tests only",
    );
  }
  return { allowPrivate, resolve };
}

/** The process-wide agent for the environment's policy (one per policy, so pooled sockets never cross). */
export function sharedWebhookAgent(): { agent: Agent; policy: TargetPolicy } {
  const policy = targetPolicy();
  let agent = sharedAgents.get(policy.allowPrivate);
  if (!agent) {
    agent = createWebhookAgent(policy);
    sharedAgents.set(policy.allowPrivate, agent);
  }
  return { agent, policy };
}

/**
 * Why no HTTP response arrived. `timeout`: the connection was accepted and the request sent, but no
 * answer came within the attempt timeout — the only kind that counts towards the circuit breaker
 * (circuit.ts). `connect`: no connection (refused, unreachable, DNS, TLS, connect timeout).
 * `network`: the connection broke mid-exchange. `blocked`: refused by the target policy, not sent.
 */
export type SendFailure = "timeout" | "connect" | "network" | "blocked";

export type SendResult = {
  /** null when no HTTP response arrived (refused, timed out, blocked…). */
  statusCode: number | null;
  /** null when a response arrived (whatever its status). */
  failure: SendFailure | null;
  retryAfter: string | null;
  location: string | null;
  /** The first ≤ 4 KB of the response body, as text. */
  excerpt: string | null;
  error: string | null;
  durationMs: number;
};

const ERROR_MESSAGES: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by the endpoint",
  EPIPE: "Connection closed by the endpoint",
  UND_ERR_SOCKET: "Connection closed by the endpoint",
  ENOTFOUND: "Host name could not be resolved",
  EAI_AGAIN: "Host name could not be resolved (temporary DNS failure)",
  EHOSTUNREACH: "Host unreachable",
  ENETUNREACH: "Network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "Connection timed out",
};

const CONNECT_ERRORS = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The kind of a thrown send error (see SendFailure); a connect error unless the request was sent. */
export function sendFailureOf(err: unknown, requestSent: boolean): SendFailure {
  if (err instanceof WebhookTargetError) return "blocked";
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? "";
  if (!requestSent || CONNECT_ERRORS.has(code) || /CERT|TLS|SSL|SELF_SIGNED/.test(code)) return "connect";
  return "network";
}

export function describeSendError(err: unknown): string {
  if (err instanceof WebhookTargetError) return `Blocked: ${err.message}`;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (code && ERROR_MESSAGES[code]) return ERROR_MESSAGES[code];
  if (code && /CERT|TLS|SSL|SELF_SIGNED/.test(code)) return `TLS error: ${code}`;
  return `Network error: ${code ?? e.message ?? String(err)}`.slice(0, 500);
}

async function readExcerpt(res: Dispatcher.ResponseData): Promise<string> {
  const body = res.body;
  const declared = Number(headerValue(res.headers["content-length"]) ?? Number.NaN);
  if (declared <= RESPONSE_EXCERPT_BYTES) return (await body.text()).replaceAll("\u0000", "\uFFFD");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    chunks.push(buf);
    size += buf.length;
    if (size >= RESPONSE_EXCERPT_BYTES) {
      // Enough: never buffer a large (or endless) response.
      body.destroy();
      break;
    }
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(
    Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES),
  );
  // Postgres text cannot hold NUL.
  return text.replaceAll("\u0000", "\uFFFD");
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** `dispatcher`, telling `onSent` when a request goes out on an established connection. */
function watchingRequestStart(dispatcher: Dispatcher, onSent: () => void): Dispatcher {
  return dispatcher.compose(
    (dispatch) => (options, handler) =>
      dispatch(options, {
        onRequestStart(controller, context) {
          onSent();
          handler.onRequestStart?.(controller, context);
        },
        onRequestUpgrade: (...args) => handler.onRequestUpgrade?.(...args),
        onResponseStart: (...args) => handler.onResponseStart?.(...args),
        onResponseData: (...args) => handler.onResponseData?.(...args),
        onResponseEnd: (...args) => handler.onResponseEnd?.(...args),
        onResponseError: (...args) => handler.onResponseError?.(...args),
      }),
  );
}

/**
 * One POST of `body` to `url`. Never throws: every outcome is a SendResult. Redirects are not
 * followed (a 3xx is returned like any other status); the whole exchange, including reading the
 * response, is bounded by `timeoutMs`. A timeout before the connection was established is a
 * `connect` failure; after the request went out with no answer, a `timeout`.
 */
export async function postWebhook(input: {
  url: string;
  headers: Record<string, string>;
  body: string;
  dispatcher: Dispatcher;
  timeoutMs?: number;
}): Promise<SendResult> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const elapsed = () => Math.round(performance.now() - started);
  let statusCode: number | null = null;
  let retryAfter: string | null = null;
  let location: string | null = null;
  let sent = false;
  // undici acts on an abort only once the connection is up, so a connect that hangs (a vetting
  // lookup, a dropped SYN) would outlast the timeout: stop waiting for it at the timeout. The late
  // connection is then aborted by undici before anything is written on it.
  const timedOut = new Promise<never>((_, reject) =>
    controller.signal.addEventListener("abort", () => reject(new Error("timed out")), { once: true }),
  );
  try {
    const pending = request(input.url, {
      method: "POST",
      headers: input.headers,
      body: input.body,
      dispatcher: watchingRequestStart(input.dispatcher, () => {
        sent = true;
      }),
      signal: controller.signal,
    });
    pending.catch(() => {}); // lost the race below: its own failure is of no interest
    const res = await Promise.race([pending, timedOut]);
    statusCode = res.statusCode;
    retryAfter = headerValue(res.headers["retry-after"]);
    location = headerValue(res.headers.location);
    const excerpt = await readExcerpt(res);
    return { statusCode, failure: null, retryAfter, location, excerpt, error: null, durationMs: elapsed() };
  } catch (err) {
    const answered = statusCode !== null;
    let failure: SendFailure | null = answered ? null : sendFailureOf(err, sent);
    let error = describeSendError(err);
    if (controller.signal.aborted) {
      failure = answered ? null : sent ? "timeout" : "connect";
      error =
        sent || answered ? `Timed out after ${timeoutMs} ms` : `Connection timed out after ${timeoutMs} ms`;
    }
    return { statusCode, failure, retryAfter, location, excerpt: null, error, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}
