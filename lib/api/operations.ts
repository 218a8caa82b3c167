// Every operation of the public API, declared once: its method and path, the plan feature that
// gates it, the zod schemas that parse its request and describe its answers. A route passes its
// entry to withWorkspace (so the gate and the parsing it applies are these), and the OpenAPI
// document (lib/openapi/document.ts) is built from the same entries — the two cannot disagree.
// tests/integration/openapi-routes.test.ts calls every route to check it.
import type { z } from "zod";
import type { Feature } from "@/lib/billing/plans";
import {
  cancelLinkBody,
  cancelLinkResponse,
  cancelSessionDiagnostics,
  sessionIdParams,
  verifyResultBody,
  verifyResultResponse,
} from "@/lib/domain/cancel-sessions/schema";
import {
  cancellationList,
  cancellationResource,
  createCancellationBody,
  environmentQuery,
  eventIdParams,
  exportCancellationsQuery,
  listCancellationsQuery,
  optionalEnvironmentQuery,
  updateOutcomeBody,
} from "@/lib/domain/cancellations/schema";
import { COMPLIANCE_EXPORT_MAX_DAYS, complianceRecordsQuery } from "@/lib/domain/compliance/schema";
import { experimentDetail, experimentIdParams, experimentList } from "@/lib/domain/experiments/schema";
import { workspaceResponse } from "@/lib/domain/workspaces/describe-workspace";
import {
  deliveryIdParams,
  listWebhookDeliveriesQuery,
  webhookDeliveryList,
  webhookDeliveryResource,
} from "@/lib/webhooks/schema";

export type ApiResponse = {
  description: string;
  /** The JSON body; absent for a non-JSON answer (`contentType`). */
  schema?: z.ZodType;
  /** Default `application/json`. */
  contentType?: "text/csv" | "application/x-ndjson";
};

export type ApiOperation = {
  method: "get" | "post" | "patch";
  /** OpenAPI path, `{name}` for a path parameter; the route is app/<path with [name]>/route.ts. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Plan gate: 403 `plan_required` without it (lib/billing/plans.ts). */
  feature?: Feature;
  /** Refused for demo (403) and read-only (402) workspaces. Default: every method but GET. */
  write?: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodObject;
  /** Where the request names its environment (the 409 `environment_mismatch` hint says so). */
  environmentIn?: "query" | "query or body";
  /** How each path parameter is documented. */
  pathParameters?: Record<string, string>;
  /** The successful answers, by status. */
  responses: Record<string, ApiResponse>;
  /**
   * Errors the operation itself answers (404, 409) or words its own way. The wrapper's (401, 429,
   * and 400, 402, 403, 413, 415 when the options make them possible) are documented from the options.
   */
  errors?: Record<string, string>;
};

/** Keeps each entry's exact schema types, so a route's body, query and params stay typed. */
const operation = <const O extends ApiOperation>(o: O): O => o;

const DELIVERY_ID = "The delivery id (wd_…) from GET /api/v1/webhook-deliveries.";
const EVENT_ID = "The eventId from the original POST request.";

export const API = {
  createCancelLink: operation({
    method: "post",
    path: "/api/v1/cancel-link",
    operationId: "createCancelLink",
    summary: "Creates a one-hour link to the hosted cancellation flow for one customer.",
    description:
      "Call it from your server, then redirect the customer to `url`. They come back to the return URL with `#ci_result_token=…`.",
    feature: "hosted_flow",
    body: cancelLinkBody,
    responses: {
      "200": {
        description: "The hosted-flow URL, its expiry and the session id.",
        schema: cancelLinkResponse,
      },
    },
    errors: {
      "400": "Invalid body, or a returnUrl whose host is not on the return-host allowlist.",
      "409": "No returnUrl given and no default return URL configured (`no_default_return_url`).",
    },
  }),
  verifyCancelResult: operation({
    method: "post",
    path: "/api/v1/cancel-results/verify",
    operationId: "verifyCancelResult",
    summary: "Checks a result token (`ci_result_token`) for this workspace and returns its claims.",
    description:
      "For servers that would rather not verify the JWS themselves. Works for read-only workspaces. A session has one result token; a genuine one is answered with `firstVerifiedAt` and `alreadyVerified` (this `sid` was verified before): act on each session's result once, deduplicating on `sid`.",
    feature: "hosted_flow",
    // Verifying is a read: read-only and demo workspaces may still check their customers' results.
    write: false,
    body: verifyResultBody,
    responses: {
      "200": {
        description:
          "`valid: true` with the claims, `firstVerifiedAt` and `alreadyVerified`, or `valid: false` with a reason.",
        schema: verifyResultResponse,
      },
    },
  }),
  getCancelSessionDiagnostics: operation({
    method: "get",
    path: "/api/v1/cancel-sessions/{id}",
    operationId: "getCancelSessionDiagnostics",
    summary:
      "Diagnostics of one hosted session: timeline, reason, offer, outcome, result token, webhook deliveries.",
    feature: "session_diagnostics",
    params: sessionIdParams,
    pathParameters: { id: "The session_id returned by POST /api/v1/cancel-link." },
    responses: { "200": { description: "The session's diagnostics.", schema: cancelSessionDiagnostics } },
    errors: { "404": "No such session in this workspace." },
  }),
  exportComplianceRecords: operation({
    method: "get",
    path: "/api/v1/compliance-records",
    operationId: "exportComplianceRecords",
    summary:
      "Exports the compliance record of every session created in a date range (pages shown, clicks to confirmation, offer, receipt, result token), streamed.",
    description:
      "Advanced plan. One record per session created in [from, to), oldest first; `to` defaults to now; " +
      `at most ${COMPLIANCE_EXPORT_MAX_DAYS} days per export. ` +
      "`format=jsonl` (default): one ComplianceRecord JSON object per line, `application/x-ndjson`. " +
      "`format=csv`: `text/csv` with a header row, the record flattened (offer*, receipt*, resultToken* columns; " +
      "`pageCount`, and `pages` as a JSON array); cells a spreadsheet would run as a formula are prefixed with a single quote. " +
      "The same record is `compliance` in GET /api/v1/cancel-sessions/{id}. Works for read-only workspaces.",
    feature: "session_diagnostics",
    query: complianceRecordsQuery,
    responses: {
      "200": {
        description:
          "The records as an attachment (`Content-Disposition` names the range); `text/csv; charset=utf-8` with `format=csv`.",
        contentType: "application/x-ndjson",
      },
    },
    errors: {
      "400": `Invalid query: \`from\` missing or not a date, \`from\` not before \`to\` (or now), a range over ${COMPLIANCE_EXPORT_MAX_DAYS} days (\`to\`), an unknown \`format\`; the message names the field.`,
    },
  }),
  createCancellation: operation({
    method: "post",
    path: "/api/v1/cancellations",
    operationId: "createCancellation",
    summary: "Creates or reuses a cancellation event (idempotent by environment + eventId).",
    description:
      "Advanced plan. Reuse the same eventId for safe retries: a replay returns the stored event unchanged.",
    feature: "custom_api",
    body: createCancellationBody,
    responses: {
      "201": { description: "Event created.", schema: cancellationResource },
      "200": { description: "Existing event returned (idempotent replay).", schema: cancellationResource },
    },
  }),
  listCancellations: operation({
    method: "get",
    path: "/api/v1/cancellations",
    operationId: "listCancellations",
    summary: "Lists cancellation events, newest first, with cursor pagination.",
    feature: "custom_api",
    query: listCancellationsQuery,
    responses: { "200": { description: "A page of events.", schema: cancellationList } },
  }),
  exportCancellations: operation({
    method: "get",
    path: "/api/v1/cancellations/export",
    operationId: "exportCancellations",
    summary: "Exports cancellation events as CSV, newest first, streamed.",
    description:
      "Advanced plan. RFC 4180 CSV with a header row; cells that a spreadsheet would run as a formula " +
      "(starting with = + - @) are prefixed with a single quote. Works for read-only workspaces.",
    feature: "advanced_analytics",
    query: exportCancellationsQuery,
    responses: {
      "200": { description: "The CSV file (`Content-Disposition: attachment`).", contentType: "text/csv" },
    },
  }),
  updateCancellationOutcome: operation({
    method: "patch",
    path: "/api/v1/cancellations/{eventId}",
    operationId: "updateCancellationOutcome",
    summary: "Updates the final business outcome of an event. Never changes reason or offer.",
    description:
      "Name the event's environment in the body (`environment`) or the query (`?environment=sandbox`); both given and different is a 400. Neither: prod.",
    feature: "custom_api",
    body: updateOutcomeBody,
    query: optionalEnvironmentQuery,
    environmentIn: "query or body",
    params: eventIdParams,
    pathParameters: { eventId: EVENT_ID },
    responses: {
      "200": { description: "Outcome updated (or already that outcome).", schema: cancellationResource },
    },
    errors: {
      "400":
        "Invalid body, query or path parameter, or `environment` given in both query and body and different.",
      "404": "Event not found in the selected environment.",
      "409": "Event exists but in the other environment; the message says how to select it.",
    },
  }),
  getCancellation: operation({
    method: "get",
    path: "/api/v1/cancellations/{eventId}",
    operationId: "getCancellation",
    summary: "One cancellation event with its outcome history.",
    feature: "custom_api",
    query: environmentQuery,
    environmentIn: "query",
    params: eventIdParams,
    pathParameters: { eventId: EVENT_ID },
    responses: { "200": { description: "The event.", schema: cancellationResource } },
    errors: {
      "404": "Event not found in the selected environment.",
      "409": "Event exists but in the other environment: add `?environment=` with the other one.",
    },
  }),
  listExperiments: operation({
    method: "get",
    path: "/api/v1/experiments",
    operationId: "listExperiments",
    summary: "The workspace's offer experiments, newest first, with their variants and offers.",
    description:
      "Advanced plan. Experiments are created, started, stopped and decided in the dashboard or with `rb experiments`.",
    feature: "experiments",
    responses: { "200": { description: "Every experiment of the workspace.", schema: experimentList } },
  }),
  getExperiment: operation({
    method: "get",
    path: "/api/v1/experiments/{id}",
    operationId: "getExperiment",
    summary:
      "One experiment with its results: per variant sessions, offers shown, accepted, saves, save rate (95 % Wilson interval), validated saves, MRR saved; lift over the holdout with a p-value.",
    description:
      "Advanced plan. Production sessions only (sandbox sessions are assigned but never counted). `enoughData` is false while an arm has fewer than 30 sessions.",
    feature: "experiments",
    params: experimentIdParams,
    pathParameters: { id: "The experiment id (exp_…)." },
    responses: { "200": { description: "The experiment and its results.", schema: experimentDetail } },
    errors: { "404": "No such experiment in this workspace." },
  }),
  listWebhookDeliveries: operation({
    method: "get",
    path: "/api/v1/webhook-deliveries",
    operationId: "listWebhookDeliveries",
    summary: "Outbound webhook deliveries, newest first, each with all its attempts.",
    feature: "outbound_webhooks",
    query: listWebhookDeliveriesQuery,
    responses: { "200": { description: "A page of deliveries.", schema: webhookDeliveryList } },
  }),
  getWebhookDelivery: operation({
    method: "get",
    path: "/api/v1/webhook-deliveries/{deliveryId}",
    operationId: "getWebhookDelivery",
    summary: "One delivery with its attempts (status, duration, error, response excerpt).",
    feature: "outbound_webhooks",
    params: deliveryIdParams,
    pathParameters: { deliveryId: DELIVERY_ID },
    responses: { "200": { description: "The delivery.", schema: webhookDeliveryResource } },
    errors: { "404": "No such delivery in this workspace." },
  }),
  retryWebhookDelivery: operation({
    method: "post",
    path: "/api/v1/webhook-deliveries/{deliveryId}/retry",
    operationId: "retryWebhookDelivery",
    summary: "Queues a dead (or failed) delivery for one more attempt, sent right after the response.",
    feature: "outbound_webhooks",
    params: deliveryIdParams,
    pathParameters: { deliveryId: DELIVERY_ID },
    responses: {
      "202": { description: "Queued: the delivery, now pending.", schema: webhookDeliveryResource },
    },
    errors: {
      "404": "No such delivery in this workspace.",
      "409": "Already succeeded, already queued, or its endpoint is disabled (`conflict`).",
    },
  }),
  getWorkspace: operation({
    method: "get",
    path: "/api/v1/workspace",
    operationId: "getWorkspace",
    summary: "The workspace this API key belongs to: plan, features, access. A cheap way to check a key.",
    write: false, // every plan, never gated
    responses: { "200": { description: "The workspace.", schema: workspaceResponse } },
  }),
} satisfies Record<string, ApiOperation>;

/** Whether the wrapper treats the operation as a write (demo 403, read-only 402). */
export const isWriteOperation = (op: ApiOperation) => op.write ?? op.method !== "get";
