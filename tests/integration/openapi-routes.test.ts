// The OpenAPI document against the routes themselves: every API route is an operation of
// lib/api/operations.ts and the other way round, each is gated exactly as the document says, and
// what each answers is what its documented schema describes — no more, no less.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as cancelLink from "@/app/api/v1/cancel-link/route";
import * as verify from "@/app/api/v1/cancel-results/verify/route";
import * as cancelSession from "@/app/api/v1/cancel-sessions/[id]/route";
import * as cancellation from "@/app/api/v1/cancellations/[eventId]/route";
import * as exportRoute from "@/app/api/v1/cancellations/export/route";
import * as cancellations from "@/app/api/v1/cancellations/route";
import * as complianceRecords from "@/app/api/v1/compliance-records/route";
import * as experiment from "@/app/api/v1/experiments/[id]/route";
import * as experiments from "@/app/api/v1/experiments/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as retry from "@/app/api/v1/webhook-deliveries/[deliveryId]/retry/route";
import * as delivery from "@/app/api/v1/webhook-deliveries/[deliveryId]/route";
import * as deliveries from "@/app/api/v1/webhook-deliveries/route";
import * as workspaceRoute from "@/app/api/v1/workspace/route";
import { refusesMethod } from "@/lib/api/methods";
import { API, type ApiOperation } from "@/lib/api/operations";
import { planFor } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { createExperiment } from "@/lib/domain/experiments/experiments";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { resetEnvCache } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Record<string, unknown>;

// Every route file under app/api/v1, by its path there. A new route file fails the first test
// until it is listed here (and declared in lib/api/operations.ts).
const ROUTES: Record<string, RouteModule> = {
  "cancel-link": cancelLink,
  "cancel-results/verify": verify,
  "cancel-sessions/[id]": cancelSession,
  cancellations: cancellations,
  "cancellations/[eventId]": cancellation,
  "cancellations/export": exportRoute,
  "compliance-records": complianceRecords,
  experiments: experiments,
  "experiments/[id]": experiment,
  "openapi.json": openapi,
  "webhook-deliveries": deliveries,
  "webhook-deliveries/[deliveryId]": delivery,
  "webhook-deliveries/[deliveryId]/retry": retry,
  workspace: workspaceRoute,
};
// Not operations: the document itself, and the export route's PATCH, which only hands an event
// whose eventId is "export" to PATCH /cancellations/{eventId} (its static segment shadows it).
const NOT_OPERATIONS = new Set(["GET openapi.json", "PATCH cancellations/export"]);
const HTTP_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"];

const operations = Object.values(API) as ApiOperation[];
const routeDir = (op: ApiOperation) => op.path.replace(/^\/api\/v1\//, "").replace(/\{(\w+)\}/g, "[$1]");
const handlerOf = (op: ApiOperation) =>
  ROUTES[routeDir(op)]?.[op.method.toUpperCase()] as Handler | undefined;

function routeFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full, prefix ? `${prefix}/${name}` : name);
    return name === "route.ts" ? [prefix] : [];
  });
}

/** A request for the operation, with its path parameters filled in. */
function call(
  op: ApiOperation,
  apiKey: string,
  p: { params?: Record<string, string>; query?: string; body?: unknown } = {},
) {
  const params = p.params ?? {};
  const url =
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x")) +
    (p.query ?? "");
  const body = p.body ?? (op.body ? {} : undefined);
  const req = apiRequest(url, { apiKey, method: op.method.toUpperCase(), body });
  return handlerOf(op)!(req, routeParams(params));
}

describe("the OpenAPI document and the routes", () => {
  it("declares every route's methods, and every declared operation has its route", () => {
    const found = routeFiles(path.join(process.cwd(), "app/api/v1")).sort();
    expect(found).toEqual(Object.keys(ROUTES).sort());
    const served = Object.entries(ROUTES).flatMap(([dir, mod]) =>
      HTTP_METHODS.filter((m) => typeof mod[m] === "function" && !refusesMethod(mod[m])).map(
        (m) => `${m} ${dir}`,
      ),
    );
    const declared = operations.map((op) => `${op.method.toUpperCase()} ${routeDir(op)}`);
    expect(served.filter((s) => !NOT_OPERATIONS.has(s)).sort()).toEqual([...declared].sort());

    const doc = buildOpenApiDocument("https://api.example.test");
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(operations.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort());
  });

  it("gates each operation exactly as the document says: a Core key gets plan_required only where Advanced is documented", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const doc = buildOpenApiDocument("https://api.example.test");
    for (const op of operations) {
      const documented = (doc.paths[op.path] as Record<string, Record<string, unknown>>)[op.method]!;
      const feature = documented["x-retentbase-feature"] as ApiOperation["feature"];
      expect(feature, op.operationId).toBe(op.feature);
      const res = await call(op, core.apiKey.key);
      const code = res.status === 403 ? (await res.json()).error.code : null;
      const advancedOnly = feature !== undefined && planFor(feature) === "advanced";
      expect(code === "plan_required", `${op.operationId}: ${res.status} ${code}`).toBe(advancedOnly);
      if (advancedOnly) expect(Object.keys(documented.responses as object), op.operationId).toContain("403");
    }
  });
});

describe("what each operation answers is its documented schema", () => {
  let key: string;
  let sessionId: string;
  let deliveryId: string;
  let workspaceId: string;
  const seen = new Set<string>();

  beforeAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
    resetEnvCache();
    const ws = await createTestWorkspace({ plan: "advanced" });
    key = ws.apiKey.key;
    workspaceId = ws.workspace.id;
    await createWebhookEndpoint(ws.workspace.id, { url: "http://127.0.0.1:9/retentbase" });
    return () => {
      process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = undefined;
      resetEnvCache();
    };
  });

  /** Calls the operation and checks the answer against the documented status and schema. */
  async function documented(op: ApiOperation, status: string, p: Parameters<typeof call>[2] = {}) {
    const res = await call(op, key, p);
    expect(res.status, `${op.operationId}: ${await res.clone().text()}`).toBe(Number(status));
    const response = op.responses[status];
    expect(response, `${op.operationId} documents ${status}`).toBeDefined();
    seen.add(op.operationId);
    if (response!.contentType) {
      expect(res.headers.get("content-type")).toContain(response!.contentType);
      return res.text();
    }
    const body = await res.json();
    // Parsing strips what the schema does not name: equal means nothing undocumented was sent.
    expect(response!.schema!.parse(body), op.operationId).toEqual(body);
    return body;
  }

  it("cancel links, results and session diagnostics", async () => {
    const link = await documented(API.createCancelLink, "200", { body: { userId: "cus_doc" } });
    sessionId = link.session_id;
    await documented(API.verifyCancelResult, "200", { body: { token: "not-a-token" } });
    const d = await documented(API.getCancelSessionDiagnostics, "200", { params: { id: sessionId } });
    expect(d.webhookDeliveries).toEqual([]);
    // The day before this session was created, whenever the test runs; `to` defaults to now.
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const records = await documented(API.exportComplianceRecords, "200", { query: `?from=${from}` });
    expect(records).toContain(sessionId);
  });

  it("cancellation events, their outcome, their export", async () => {
    const event = { eventId: "doc_evt_1", reasonKey: "too_expensive", context: { plan: "pro", mrr: 49 } };
    await documented(API.createCancellation, "201", { body: event });
    await documented(API.createCancellation, "200", { body: event });
    await documented(API.listCancellations, "200");
    await documented(API.updateCancellationOutcome, "200", {
      params: { eventId: "doc_evt_1" },
      body: { outcome: "churned" },
    });
    await documented(API.getCancellation, "200", { params: { eventId: "doc_evt_1" } });
    expect(await documented(API.exportCancellations, "200")).toContain("doc_evt_1");
  });

  it("webhook deliveries — the same resource in the list, alone, retried and in a session's diagnostics", async () => {
    const list = await documented(API.listWebhookDeliveries, "200");
    expect(list.data.length).toBeGreaterThan(0);
    deliveryId = list.data[0].id;
    const one = await documented(API.getWebhookDelivery, "200", { params: { deliveryId } });
    expect(one).toEqual(list.data[0]);
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "dead", nextAttemptAt: null },
    });
    await documented(API.retryWebhookDelivery, "202", { params: { deliveryId } });

    // A delivery a session caused is shown there exactly as the deliveries API shows it.
    await db.webhookEvent.update({ where: { id: one.event.id }, data: { cancelSessionId: sessionId } });
    const d = await documented(API.getCancelSessionDiagnostics, "200", { params: { id: sessionId } });
    const again = await documented(API.getWebhookDelivery, "200", { params: { deliveryId } });
    expect(d.webhookDeliveries).toEqual([again]);
  });

  it("experiments, listed and one with its results", async () => {
    const offer = await createOffer(workspaceId, {
      type: "pause",
      label: "Pause instead",
      terms: { maxMonths: 3 },
      targeting: {},
      enabled: true,
    });
    const exp = await createExperiment(workspaceId, {
      name: "Pause vs nothing",
      variants: [
        { key: "pause", offerId: offer.id, weight: 50 },
        { key: "holdout", offerId: null, weight: 50 },
      ],
    });
    const list = await documented(API.listExperiments, "200");
    expect(list.data.map((e: { id: string }) => e.id)).toEqual([exp.id]);
    const one = await documented(API.getExperiment, "200", { params: { id: exp.id } });
    expect(one.results.lift).toEqual([
      { variant: "pause", vsHoldout: null, pValue: null, enoughData: false },
    ]);
  });

  it("the workspace", async () => {
    const w = await documented(API.getWorkspace, "200");
    expect(w.workspace).toMatchObject({ plan: "advanced", access: "full" });
  });

  it("covered every operation", () => {
    expect([...seen].sort()).toEqual(operations.map((op) => op.operationId).sort());
  });
});
