import { z } from "zod";
import type { Feature } from "@/lib/billing/plans";
import {
  cancelLinkBody,
  cancelLinkResponse,
  sessionIdParams,
  verifyResultBody,
  verifyResultResponse,
} from "@/lib/domain/cancel-sessions/schema";
import {
  cancellationList,
  cancellationResource,
  createCancellationBody,
  environmentQuery,
  exportCancellationsQuery,
  listCancellationsQuery,
  updateOutcomeBody,
} from "@/lib/domain/cancellations/schema";
import { eventIdSchema } from "@/lib/domain/shared-schemas";
import {
  deliveryIdParams,
  listWebhookDeliveriesQuery,
  webhookDeliveryList,
  webhookDeliveryResource,
} from "@/lib/webhooks/schema";

type JsonSchema = Record<string, unknown>;

/**
 * OpenAPI 3.1 generated from the same zod schemas that parse requests, so the document cannot
 * drift from what the API accepts. Named schemas (`.meta({ id })`) land in components.schemas.
 */
export function buildOpenApiDocument(apiUrl: string) {
  const components: Record<string, JsonSchema> = {};

  const schema = (s: z.ZodType, io: "input" | "output"): JsonSchema => {
    const out = z.toJSONSchema(s, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
    const text = JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/');
    const {
      $schema: _s,
      $defs,
      ...rest
    } = JSON.parse(text) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    Object.assign(components, $defs ?? {});
    return rest;
  };

  const queryParameters = (s: z.ZodType) => {
    const js = schema(s, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(js.properties).map(([name, p]) => ({
      name,
      in: "query",
      required: js.required?.includes(name) ?? false,
      ...(typeof p.description === "string" ? { description: p.description } : {}),
      schema: p,
    }));
  };

  const errorRef = { $ref: "#/components/schemas/Error" };
  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: errorRef } },
  });
  const common = {
    "401": error("Missing or invalid API key."),
    "403": error("Advanced plan required (`plan_required`) or demo workspace blocked (`demo_workspace`)."),
    "429": error("Rate limit exceeded; see `Retry-After`."),
  };
  const writes = {
    "400": error("Validation failed; the message names the field."),
    "402": error("Workspace is read-only due to expired subscription access."),
    "413": error("Body larger than 64 KB."),
    "415": error("Content-Type must be application/json."),
  };
  const eventIdParam = {
    name: "eventId",
    in: "path",
    required: true,
    description: "The eventId from the original POST request.",
    schema: schema(eventIdSchema, "input"),
  };
  const deliveryIdParam = {
    name: "deliveryId",
    in: "path",
    required: true,
    description: "The delivery id (wd_…) from GET /api/v1/webhook-deliveries.",
    schema: schema(deliveryIdParams.shape.deliveryId, "input"),
  };
  const ok = (description: string, s: z.ZodType) => ({
    description,
    content: { "application/json": { schema: schema(s, "output") } },
  });
  // Which plan feature gates an operation (lib/billing/plans.ts): the dashboard docs mark plans from it.
  const feature = (f: Feature) => ({ "x-retentbase-feature": f });
  const body = (s: z.ZodType) => ({
    required: true,
    content: { "application/json": { schema: schema(s, "input") } },
  });

  components.Error = {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      },
    },
  };

  const paths = {
    "/api/v1/cancel-link": {
      post: {
        operationId: "createCancelLink",
        summary: "Creates a one-hour link to the hosted cancellation flow for one customer.",
        description:
          "Call it from your server, then redirect the customer to `url`. They come back to the return URL with `#ci_result_token=…`.",
        ...feature("hosted_flow"),
        requestBody: body(cancelLinkBody),
        responses: {
          "200": ok("The hosted-flow URL, its expiry and the session id.", cancelLinkResponse),
          ...writes,
          "400": error("Invalid body, or a returnUrl whose host is not on the return-host allowlist."),
          ...common,
          "403": error("Endpoint unavailable for this workspace or plan."),
          "409": error("No returnUrl given and no default return URL configured (`no_default_return_url`)."),
        },
      },
    },
    "/api/v1/cancel-results/verify": {
      post: {
        operationId: "verifyCancelResult",
        summary: "Checks a result token (`ci_result_token`) for this workspace and returns its claims.",
        description:
          "For servers that would rather not verify the JWS themselves. Works for read-only workspaces. A session has one result token; a genuine one is answered with `firstVerifiedAt` and `alreadyVerified` (this `sid` was verified before): act on each session's result once, deduplicating on `sid`.",
        ...feature("hosted_flow"),
        requestBody: body(verifyResultBody),
        responses: {
          "200": ok(
            "`valid: true` with the claims, `firstVerifiedAt` and `alreadyVerified`, or `valid: false` with a reason.",
            verifyResultResponse,
          ),
          "400": writes["400"],
          "415": writes["415"],
          ...common,
        },
      },
    },
    "/api/v1/cancel-sessions/{id}": {
      get: {
        operationId: "getCancelSessionDiagnostics",
        summary:
          "Diagnostics of one hosted session: timeline, reason, offer, outcome, result token, webhook deliveries.",
        ...feature("session_diagnostics"),
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            description: "The session_id returned by POST /api/v1/cancel-link.",
            schema: schema(sessionIdParams.shape.id, "input"),
          },
        ],
        responses: {
          "200": { description: "The session's diagnostics." },
          ...common,
          "404": error("No such session in this workspace."),
        },
      },
    },
    "/api/v1/cancellations": {
      post: {
        operationId: "createCancellation",
        summary: "Creates or reuses a cancellation event (idempotent by environment + eventId).",
        description:
          "Advanced plan. Reuse the same eventId for safe retries: a replay returns the stored event unchanged.",
        ...feature("custom_api"),
        requestBody: body(createCancellationBody),
        responses: {
          "201": ok("Event created.", cancellationResource),
          "200": ok("Existing event returned (idempotent replay).", cancellationResource),
          ...writes,
          ...common,
        },
      },
      get: {
        operationId: "listCancellations",
        summary: "Lists cancellation events, newest first, with cursor pagination.",
        ...feature("custom_api"),
        parameters: queryParameters(listCancellationsQuery),
        responses: { "200": ok("A page of events.", cancellationList), "400": writes["400"], ...common },
      },
    },
    "/api/v1/cancellations/export": {
      get: {
        operationId: "exportCancellations",
        summary: "Exports cancellation events as CSV, newest first, streamed.",
        description:
          "Advanced plan. RFC 4180 CSV with a header row; cells that a spreadsheet would run as a formula " +
          "(starting with = + - @) are prefixed with a single quote. Works for read-only workspaces.",
        ...feature("advanced_analytics"),
        parameters: queryParameters(exportCancellationsQuery),
        responses: {
          "200": {
            description: "The CSV file (`Content-Disposition: attachment`).",
            content: { "text/csv": { schema: { type: "string" } } },
          },
          "400": writes["400"],
          ...common,
        },
      },
    },
    "/api/v1/cancellations/{eventId}": {
      patch: {
        operationId: "updateCancellationOutcome",
        summary: "Updates the final business outcome of an event. Never changes reason or offer.",
        ...feature("custom_api"),
        parameters: [eventIdParam],
        requestBody: body(updateOutcomeBody),
        responses: {
          "200": ok("Outcome updated (or already that outcome).", cancellationResource),
          ...writes,
          ...common,
          "404": error("Event not found in the selected environment."),
          "409": error("Event exists but in the other environment."),
        },
      },
      get: {
        operationId: "getCancellation",
        summary: "One cancellation event with its outcome history.",
        ...feature("custom_api"),
        parameters: [eventIdParam, ...queryParameters(environmentQuery)],
        responses: {
          "200": ok("The event.", cancellationResource),
          "400": writes["400"],
          ...common,
          "404": error("Event not found in the selected environment."),
          "409": error("Event exists but in the other environment."),
        },
      },
    },
    "/api/v1/webhook-deliveries": {
      get: {
        operationId: "listWebhookDeliveries",
        summary: "Outbound webhook deliveries, newest first, each with all its attempts.",
        ...feature("outbound_webhooks"),
        parameters: queryParameters(listWebhookDeliveriesQuery),
        responses: {
          "200": ok("A page of deliveries.", webhookDeliveryList),
          "400": writes["400"],
          ...common,
        },
      },
    },
    "/api/v1/webhook-deliveries/{deliveryId}": {
      get: {
        operationId: "getWebhookDelivery",
        summary: "One delivery with its attempts (status, duration, error, response excerpt).",
        ...feature("outbound_webhooks"),
        parameters: [deliveryIdParam],
        responses: {
          "200": ok("The delivery.", webhookDeliveryResource),
          ...common,
          "404": error("No such delivery in this workspace."),
        },
      },
    },
    "/api/v1/webhook-deliveries/{deliveryId}/retry": {
      post: {
        operationId: "retryWebhookDelivery",
        summary: "Queues a dead (or failed) delivery for one more attempt, sent right after the response.",
        ...feature("outbound_webhooks"),
        parameters: [deliveryIdParam],
        responses: {
          "202": ok("Queued: the delivery, now pending.", webhookDeliveryResource),
          "402": writes["402"],
          ...common,
          "404": error("No such delivery in this workspace."),
          "409": error("Already succeeded, already queued, or its endpoint is disabled (`conflict`)."),
        },
      },
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: "RetentBase API",
      version: "1.0.0",
      description:
        'Cancellation flows and retention analytics. Errors: {"error":{"code","message","details"?}}.',
    },
    servers: [{ url: apiUrl }],
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "Workspace API key" },
        apiKeyHeader: { type: "apiKey", in: "header", name: "x-api-key" },
      },
      schemas: components,
    },
  };
}
