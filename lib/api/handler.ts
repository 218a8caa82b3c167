import "server-only";
import type { z } from "zod";
import { checkAccess, denialError } from "@/lib/access/policy";
import type { Feature } from "@/lib/billing/plans";
import { logger } from "@/lib/logger";
import { type AuthedWorkspace, authenticateApiKey } from "./auth";
import {
  BODY_LIMITS,
  declaresTooLarge,
  discardBody,
  isJsonContentType,
  parseJson,
  readBodyText,
  tooLarge,
} from "./body";
import { ApiError, issuesError, validationError } from "./errors";
import { withTransportHeaders, wrongHostError } from "./host";
import { type RateLimitResult, rateLimit } from "./rate-limit";
import { requestIdFrom } from "./request-id";
import { unstorableText } from "./text";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type WorkspaceContext<B, Q, P> = {
  req: Request;
  requestId: string;
  workspace: AuthedWorkspace;
  apiKeyId: string;
  body: B;
  query: Q;
  params: P;
};

export type WorkspaceRouteOptions<BS, QS, PS> = {
  /** Plan gate: 403 `plan_required` when the workspace's plan lacks it. */
  feature?: Feature;
  /** JSON body schema: requires `Content-Type: application/json` (415) and ≤ 64 KB (413). */
  body?: BS;
  query?: QS;
  params?: PS;
  /** Writes are refused for demo workspaces (403) and read-only subscriptions (402). Default: not GET/HEAD. */
  write?: boolean;
  /** Where the request names its environment: the `environment_mismatch` hint says so. */
  environmentIn?: EnvironmentIn;
};

export type EnvironmentIn = "query" | "query or body";

/** How to name the other environment, for this operation: appended to a 409 `environment_mismatch`. */
function environmentHint(err: ApiError, environmentIn: EnvironmentIn | undefined): ApiError {
  const other = (err.details as { environment?: unknown } | undefined)?.environment;
  if (err.code !== "environment_mismatch" || !environmentIn || typeof other !== "string") return err;
  const hint =
    environmentIn === "query"
      ? `add \`?environment=${other}\` to the URL`
      : `add \`?environment=${other}\` to the URL or send \`"environment": "${other}"\` in the body`;
  return new ApiError(err.code, `${err.message}: ${hint}`, err.details, err.headers);
}

/**
 * The environment a request chose on its query or its body (PATCH takes either): both given and
 * different is a 400 naming both; neither is prod.
 */
export function chosenEnvironment<E extends string>(
  query: { environment?: E } | undefined,
  body: { environment?: E } | undefined,
): E | "prod" {
  const q = query?.environment;
  const b = body?.environment;
  if (q && b && q !== b) {
    throw new ApiError(
      "invalid_request",
      `environment given twice and different: query \`environment=${q}\`, body \`"environment": "${b}"\`; send one`,
      { issues: [{ path: "environment", message: `query says ${q}, body says ${b}` }] },
    );
  }
  return q ?? b ?? "prod";
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/** nginx's "client closed request": logged, never sent (there is no one to send it to). */
export const CLIENT_CLOSED = 499;

/**
 * The client went away mid-request (a load tool stopping, a closed tab): its request signal is
 * aborted, or reading its body failed with the socket's abort/reset error.
 */
export function isClientClosed(req: Request, err: unknown): boolean {
  if (req.signal?.aborted) return true;
  for (
    let e = err, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown };
    if (name === "AbortError" || name === "ResponseAborted") return true;
    if (code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ABORT_ERR") return true;
    if (typeof message === "string" && /^(aborted|Premature close|socket hang up)$/i.test(message))
      return true;
  }
  return false;
}

function errorResponse(
  err: unknown,
  requestId: string,
  log: { method: string; path: string },
  req: Request,
): Response {
  if (err instanceof ApiError) {
    return json(err.toBody(), err.status, err.headers);
  }
  if (isClientClosed(req, err)) return new Response(null, { status: CLIENT_CLOSED });
  // Unknown errors leak nothing: a generic message with the request id, the detail in the log.
  logger.error({ err, requestId, ...log }, "unhandled error in API route");
  return json(
    {
      error: {
        code: "internal_error",
        message: `Something went wrong on our side. Request id: ${requestId}`,
      },
    },
    500,
  );
}

function rateLimitHeaders(r: RateLimitResult): Record<string, string> {
  const resetSeconds = Math.max(0, Math.ceil((r.reset - Date.now()) / 1000));
  return {
    "RateLimit-Limit": String(r.limit),
    "RateLimit-Remaining": String(r.remaining),
    "RateLimit-Reset": String(resetSeconds),
  };
}

function parseWith<S extends Schema>(
  schema: S,
  value: unknown,
  where: "body" | "query" | "path",
): z.output<S> {
  // Before the schema, so a NUL or a lone surrogate anywhere (unknown fields, metadata keys) is named.
  const unstorable = unstorableText(value);
  if (unstorable.length) throw issuesError(unstorable, where);
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where, schema);
  return result.data;
}

/**
 * Wraps a route that acts for a workspace via its API key. In order: 404 on the cancel host (it
 * serves only /s/*), 415, 413 by the declared Content-Length, 401, 429, 403 plan, 403 demo, 402
 * read-only, then body (413 while streaming, 400) / query / path validation. Every response
 * carries `x-request-id` (and HSTS on https); every thrown error becomes
 * `{"error":{"code","message","details"?}}`.
 */
export function withWorkspace<
  BS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  PS extends Schema | undefined = undefined,
>(
  options: WorkspaceRouteOptions<BS, QS, PS>,
  fn: (ctx: WorkspaceContext<Out<BS>, Out<QS>, Out<PS>>) => Promise<Response>,
) {
  return async (req: Request, routeContext?: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers);
    const url = new URL(req.url);
    const log = { method: req.method, path: url.pathname };
    const headers: Record<string, string> = { "x-request-id": requestId };
    let workspaceId: string | undefined;
    let response: Response;
    try {
      const wrongHost = wrongHostError(req);
      if (wrongHost) throw wrongHost;
      const isWrite = options.write ?? !["GET", "HEAD"].includes(req.method);
      if (options.body && !isJsonContentType(req.headers.get("content-type"))) {
        const sent = req.headers.get("content-type");
        throw new ApiError(
          "unsupported_media_type",
          `Expected Content-Type: application/json, got ${sent ? sent.slice(0, 100) : "no Content-Type"}`,
        );
      }
      // Before the key lookup: an oversized body costs no database work.
      if (options.body && declaresTooLarge(req, BODY_LIMITS.api)) throw tooLarge(BODY_LIMITS.api);

      const { workspace, apiKeyId } = await authenticateApiKey(req.headers);
      workspaceId = workspace.id;

      const limit = await rateLimit(`key:${apiKeyId}`);
      Object.assign(headers, rateLimitHeaders(limit));
      if (!limit.success) {
        const retryAfter = headers["RateLimit-Reset"]!;
        throw new ApiError("rate_limited", `Rate limit exceeded: retry in ${retryAfter} s`, undefined, {
          "Retry-After": String(Math.max(1, Number(retryAfter))),
        });
      }

      // 403 plan_required, 403 demo_workspace, 402 subscription_inactive (writes only), in that order.
      const denial = checkAccess(workspace, { via: "api" }, { feature: options.feature, write: isWrite });
      if (denial) throw denialError(denial);

      const body = options.body
        ? parseWith(options.body, parseJson(await readBodyText(req, BODY_LIMITS.api)), "body")
        : undefined;
      const query = options.query
        ? parseWith(options.query, Object.fromEntries(url.searchParams), "query")
        : undefined;
      const params = options.params
        ? parseWith(options.params, (await routeContext?.params) ?? {}, "path")
        : undefined;

      response = await fn({
        req,
        requestId,
        workspace,
        apiKeyId,
        body: body as Out<BS>,
        query: query as Out<QS>,
        params: params as Out<PS>,
      });
    } catch (err) {
      const e = err instanceof ApiError ? environmentHint(err, options.environmentIn) : err;
      response = errorResponse(e, requestId, log, req);
    }
    // A body the route never read (refused before parsing) is drained, so the answer is not a reset.
    discardBody(req);
    for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
    withTransportHeaders(req, response);
    logger.info(
      {
        ...log,
        status: response.status,
        ms: Math.round(performance.now() - started),
        requestId,
        workspaceId,
      },
      response.status === CLIENT_CLOSED ? "client_closed" : "api request",
    );
    return response;
  };
}

/**
 * Wraps a route without API-key auth (health, cron, OpenAPI, the Stripe webhook): 404 on the cancel
 * host, request id, HSTS on https, error shape. Routes that take a body read it with
 * `readBodyText(req, BODY_LIMITS.…)`.
 */
export function withErrors(fn: (req: Request, ctx: { requestId: string }) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    const requestId = requestIdFrom(req.headers);
    const url = new URL(req.url);
    let response: Response;
    try {
      const wrongHost = wrongHostError(req);
      if (wrongHost) throw wrongHost;
      response = await fn(req, { requestId });
    } catch (err) {
      const log = { method: req.method, path: url.pathname };
      response = errorResponse(err, requestId, log, req);
      if (response.status === CLIENT_CLOSED) {
        logger.info({ ...log, status: CLIENT_CLOSED, requestId }, "client_closed");
      }
    }
    discardBody(req);
    response.headers.set("x-request-id", requestId);
    return withTransportHeaders(req, response);
  };
}
