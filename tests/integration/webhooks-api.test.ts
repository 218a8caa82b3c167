// Managing webhooks: endpoints (dashboard domain functions), the deliveries API, retries, test
// events, secret rotation and the operator CLI. Loopback only.
import "../helpers/loopback-guard";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as retry } from "@/app/api/v1/webhook-deliveries/[deliveryId]/retry/route";
import { GET as getDelivery } from "@/app/api/v1/webhook-deliveries/[deliveryId]/route";
import { GET as listDeliveries } from "@/app/api/v1/webhook-deliveries/route";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { activeSigningSecrets, rotateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { resetEnvCache } from "@/lib/env";
import { sendTestWebhook } from "@/lib/webhooks/deliveries";
import { drainWebhookDeliveries } from "@/lib/webhooks/drain";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  MAX_ENDPOINTS_PER_WORKSPACE,
  removeWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import type { Resolver } from "@/lib/webhooks/target";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";
import { rb, runScript } from "../helpers/run-script";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

const afterCallbacks = vi.hoisted(() => [] as (() => unknown)[]);
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (fn: () => unknown) => {
    afterCallbacks.push(fn);
  },
}));

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
resetEnvCache();

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
let ws: Ws;
let other: Ws;
let r: WebhookReceiver;

beforeAll(async () => {
  ws = await createTestWorkspace({ plan: "advanced" });
  other = await createTestWorkspace({ plan: "advanced" });
  r = await startWebhookReceiver();
  return () => r.close();
});
afterEach(() => {
  afterCallbacks.length = 0;
  r.setResponder(() => ({ status: 200, body: "ok" }));
});

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error("expected an ApiError");
}

/** With WEBHOOK_ALLOW_PRIVATE_TARGETS off, as in production. */
async function strictly<T>(fn: () => Promise<T>): Promise<T> {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "false";
  resetEnvCache();
  try {
    return await fn();
  } finally {
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
    resetEnvCache();
  }
}

const uid = () => Math.random().toString(36).slice(2, 10);

async function enqueue(workspace: Ws, count = 1) {
  for (let i = 0; i < count; i++) {
    await recordCancellation(workspace.workspace, {
      environment: "prod",
      eventId: `evt_${uid()}`,
      reasonKey: "other",
    });
  }
}

async function drainAll(workspace: Ws) {
  const ids = await db.webhookEvent.findMany({
    where: { workspaceId: workspace.workspace.id },
    select: { id: true },
  });
  return drainWebhookDeliveries({ webhookEventIds: ids.map((e) => e.id), timeoutMs: 2_000 });
}

describe("webhook endpoints", () => {
  it("are created with a normalised URL and the event types asked for (none = all)", async () => {
    const e = await createWebhookEndpoint(ws.workspace.id, {
      url: ` ${r.url} `,
      eventTypes: ["cancellation.created", "cancellation.created"],
      description: "CRM sync",
    });
    expect(e).toMatchObject({
      id: expect.stringMatching(/^we_/),
      url: `${r.url}/`,
      eventTypes: ["cancellation.created"],
      description: "CRM sync",
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
    expect((await createWebhookEndpoint(ws.workspace.id, { url: `${r.url}/all` })).eventTypes).toEqual([]);
    expect((await listWebhookEndpoints(ws.workspace.id)).map((x) => x.id)).toContain(e.id);
  });

  it("refuse unsafe URLs with a message for the field", async () => {
    const cases: [string, string][] = [
      ["http://hooks.merchant.example/rb", "url: must start with https://"],
      [
        "https://127.0.0.1:8443/",
        "url: 127.0.0.1 is a loopback address: webhook URLs must point to a public address",
      ],
      [
        "https://localhost/",
        "url: localhost is a loopback name: webhook URLs must point to a public address",
      ],
      ["https://169.254.169.254/latest/meta-data", "url: 169.254.169.254 is a link-local address"],
      ["https://[::ffff:10.0.0.1]/", "url: ::ffff:a00:1 (10.0.0.1) is a private-network address"],
      ["not a url", "url: must be a full URL"],
    ];
    for (const [url, message] of cases) {
      const err = await strictly(() => apiErrorOf(createWebhookEndpoint(ws.workspace.id, { url })));
      expect(err.status).toBe(400);
      expect(err.code).toBe("invalid_request");
      expect(err.message.startsWith(message), `${url}: ${err.message}`).toBe(true);
      expect(err.details).toEqual({ issues: [{ path: "url", message: err.message.slice(5) }] });
    }
  });

  it("resolve host names at save and refuse any that resolve to a private address", async () => {
    const resolve: Resolver = async (host) =>
      host === "internal.merchant.example" ? ["10.0.0.7"] : ["93.184.216.34"];
    const err = await strictly(() =>
      apiErrorOf(
        createWebhookEndpoint(
          ws.workspace.id,
          { url: "https://internal.merchant.example/hook" },
          { resolve },
        ),
      ),
    );
    expect(err.message).toBe(
      "url: internal.merchant.example resolves to 10.0.0.7, a private-network address: webhook URLs must point to a public address",
    );
    // A public name is saved (nothing is contacted: the fake resolver answered).
    const ok = await strictly(() =>
      createWebhookEndpoint(ws.workspace.id, { url: "https://hooks.merchant.example/hook" }, { resolve }),
    );
    expect(ok.url).toBe("https://hooks.merchant.example/hook");
    await removeWebhookEndpoint(ws.workspace.id, ok.id);
  });

  it("validate event types", async () => {
    const err = await apiErrorOf(
      createWebhookEndpoint(ws.workspace.id, { url: r.url, eventTypes: ["cancellation.deleted" as never] }),
    );
    expect(err.message).toBe(
      "Invalid request body: eventTypes[0]: must be one of: cancellation.created, cancellation.outcome_updated",
    );
  });

  it("need the Advanced plan", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const err = await apiErrorOf(createWebhookEndpoint(core.workspace.id, { url: r.url }));
    expect([err.status, err.code, err.message]).toEqual([
      403,
      "plan_required",
      "Outbound webhooks require the Advanced plan",
    ]);
  });

  it("of another workspace are not found", async () => {
    const theirs = await createWebhookEndpoint(other.workspace.id, { url: r.url });
    for (const attempt of [
      () => getWebhookEndpoint(ws.workspace.id, theirs.id),
      () => updateWebhookEndpoint(ws.workspace.id, theirs.id, { description: "mine now" }),
      () => disableWebhookEndpoint(ws.workspace.id, theirs.id),
      () => enableWebhookEndpoint(ws.workspace.id, theirs.id),
      () => removeWebhookEndpoint(ws.workspace.id, theirs.id),
      () => sendTestWebhook(ws.workspace.id, theirs.id),
    ]) {
      const err = await apiErrorOf(attempt());
      expect([err.status, err.message]).toEqual([404, `No webhook endpoint ${theirs.id}`]);
    }
    expect(await getWebhookEndpoint(other.workspace.id, theirs.id)).toMatchObject({ description: null });
  });

  it("are updated, disabled with a reason, enabled and removed", async () => {
    const e = await createWebhookEndpoint(ws.workspace.id, { url: r.url });
    const updated = await updateWebhookEndpoint(ws.workspace.id, e.id, {
      url: `${r.url}/v2`,
      eventTypes: ["cancellation.created"],
    });
    expect(updated).toMatchObject({ url: `${r.url}/v2`, eventTypes: ["cancellation.created"] });
    const badUrl = await strictly(() =>
      apiErrorOf(updateWebhookEndpoint(ws.workspace.id, e.id, { url: r.url })),
    );
    expect(badUrl.message).toBe("url: must start with https://");

    await enqueue(ws);
    const queued = () => db.webhookDelivery.findFirstOrThrow({ where: { endpointId: e.id } });
    const disabled = await disableWebhookEndpoint(ws.workspace.id, e.id, "Maintenance");
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "Maintenance" });
    expect(await queued()).toMatchObject({ status: "pending", nextAttemptAt: null });
    expect(disabled.disabledAt).not.toBeNull();
    // Enabling re-checks the URL: saved under the local switch, refused without it.
    const refused = await strictly(() => apiErrorOf(enableWebhookEndpoint(ws.workspace.id, e.id)));
    expect(refused.code).toBe("invalid_request");
    expect(await enableWebhookEndpoint(ws.workspace.id, e.id)).toMatchObject({
      enabled: true,
      disabledReason: null,
      disabledAt: null,
    });
    expect((await queued()).nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await removeWebhookEndpoint(ws.workspace.id, e.id)).toEqual({ id: e.id });
    expect((await apiErrorOf(getWebhookEndpoint(ws.workspace.id, e.id))).status).toBe(404);
  });

  it(`are limited to ${MAX_ENDPOINTS_PER_WORKSPACE} per workspace`, async () => {
    const many = await createTestWorkspace({ plan: "advanced" });
    for (let i = 0; i < MAX_ENDPOINTS_PER_WORKSPACE; i++) {
      await createWebhookEndpoint(many.workspace.id, { url: `${r.url}/${i}` });
    }
    const err = await apiErrorOf(createWebhookEndpoint(many.workspace.id, { url: r.url }));
    expect([err.status, err.code]).toEqual([409, "conflict"]);
  });
});

describe("GET /api/v1/webhook-deliveries", () => {
  let mine: Ws;
  let endpointA: string;
  let endpointB: string;

  beforeAll(async () => {
    mine = await createTestWorkspace({ plan: "advanced" });
    endpointA = (await createWebhookEndpoint(mine.workspace.id, { url: `${r.url}/a` })).id;
    endpointB = (
      await createWebhookEndpoint(mine.workspace.id, {
        url: `${r.url}/b`,
        eventTypes: ["cancellation.created"],
      })
    ).id;
    r.setResponder((req) => (req.path === "/b" ? { status: 500, body: "nope" } : { status: 200 }));
    await enqueue(mine, 3);
    await drainAll(mine);
    await createWebhookEndpoint(other.workspace.id, { url: r.url });
    await enqueue(other, 1);
  });

  const list = (key: string, query = "") =>
    listDeliveries(apiRequest(`/api/v1/webhook-deliveries${query}`, { apiKey: key }));

  it("lists this workspace's deliveries newest first, each with its attempts", async () => {
    const res = await list(mine.apiKey.key);
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.data).toHaveLength(6);
    expect(page).toMatchObject({ hasMore: false, nextCursor: null });
    const created = page.data.map((d: { createdAt: string }) => d.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const failed = page.data.find((d: { endpoint: { id: string } }) => d.endpoint.id === endpointB);
    expect(failed).toMatchObject({
      id: expect.stringMatching(/^wd_/),
      status: "failed",
      event: { id: expect.stringMatching(/^evt_/), type: "cancellation.created" },
      endpoint: { id: endpointB, url: `${r.url}/b` },
      attemptCount: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500",
      deliveredAt: null,
      attempts: [
        {
          id: expect.stringMatching(/^dlv_/),
          attempt: 1,
          statusCode: 500,
          durationMs: expect.any(Number),
          error: "HTTP 500",
          responseExcerpt: "nope",
          createdAt: expect.any(String),
        },
      ],
    });
    expect(failed.nextAttemptAt).not.toBeNull();
  });

  it("gives every delivery an id of one shape, queued by the outbox or as a test event", async () => {
    const shape = /^wd_[0-9A-Za-z]{24}$/;
    const page = await (await list(mine.apiKey.key)).json();
    const ids = page.data.map((d: { id: string }) => d.id);
    for (const id of ids) expect(id).toMatch(shape);
    expect(new Set(ids).size).toBe(ids.length);
    const elsewhere = await createTestWorkspace({ plan: "advanced" });
    const endpoint = await createWebhookEndpoint(elsewhere.workspace.id, { url: r.url });
    expect((await sendTestWebhook(elsewhere.workspace.id, endpoint.id)).deliveryId).toMatch(shape);
  });

  it("filters by status and endpoint", async () => {
    const failed = await (await list(mine.apiKey.key, "?status=failed")).json();
    expect(failed.data).toHaveLength(3);
    expect(failed.data.every((d: { status: string }) => d.status === "failed")).toBe(true);
    const a = await (await list(mine.apiKey.key, `?endpointId=${endpointA}&status=succeeded`)).json();
    expect(a.data).toHaveLength(3);
    const none = await (await list(mine.apiKey.key, "?status=dead")).json();
    expect(none.data).toEqual([]);
  });

  it("pages with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `?limit=4${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await (await list(mine.apiKey.key, q)).json();
      seen.push(...page.data.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it("rejects bad queries with the field named", async () => {
    const bad = await list(mine.apiKey.key, "?status=lost");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^Invalid query parameters: status:/);
    expect((await list(mine.apiKey.key, "?cursor=garbage")).status).toBe(400);
    expect((await list(mine.apiKey.key, "?limit=500")).status).toBe(400);
  });

  it("never shows another workspace's deliveries, and one of them is 404", async () => {
    const theirs = await (await list(other.apiKey.key)).json();
    expect(theirs.data.length).toBeGreaterThan(0);
    const mineIds = new Set(
      (await (await list(mine.apiKey.key)).json()).data.map((d: { id: string }) => d.id),
    );
    expect(theirs.data.some((d: { id: string }) => mineIds.has(d.id))).toBe(false);
    const id = theirs.data[0].id;
    const res = await getDelivery(
      apiRequest(`/api/v1/webhook-deliveries/${id}`, { apiKey: mine.apiKey.key }),
      routeParams({ deliveryId: id }),
    );
    expect(res.status).toBe(404);
    const own = await getDelivery(
      apiRequest(`/api/v1/webhook-deliveries/${id}`, { apiKey: other.apiKey.key }),
      routeParams({ deliveryId: id }),
    );
    expect(own.status).toBe(200);
    expect((await own.json()).id).toBe(id);
  });

  it("needs the Advanced plan", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const res = await list(core.apiKey.key);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("plan_required");
  });
});

describe("POST /api/v1/webhook-deliveries/{id}/retry", () => {
  const post = (key: string, id: string) =>
    retry(
      apiRequest(`/api/v1/webhook-deliveries/${id}/retry`, { method: "POST", apiKey: key }),
      routeParams({ deliveryId: id }),
    );

  it("queues a dead delivery for one more attempt, sent right after the response", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    const endpoint = await createWebhookEndpoint(w.workspace.id, { url: `${r.url}/retry` });
    r.setResponder(() => ({ status: 500 }));
    await enqueue(w);
    await drainAll(w);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: "dead", nextAttemptAt: null },
    });

    r.setResponder(() => ({ status: 200 }));
    const res = await post(w.apiKey.key, delivery.id);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: delivery.id, status: "pending", attemptCount: 1 });
    expect(afterCallbacks).toHaveLength(1);
    await afterCallbacks[0]!();
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "succeeded",
      attemptCount: 2,
    });

    const again = await post(w.apiKey.key, delivery.id);
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe("This delivery already succeeded");
    expect((await post(other.apiKey.key, delivery.id)).status).toBe(404);
  });

  it("refuses while the endpoint is disabled", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    const endpoint = await createWebhookEndpoint(w.workspace.id, { url: `${r.url}/off` });
    await enqueue(w);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "dead" } });
    await disableWebhookEndpoint(w.workspace.id, endpoint.id);
    const res = await post(w.apiKey.key, delivery.id);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/endpoint of this delivery is disabled/);
  });
});

describe("test events", () => {
  it("deliver a signed webhook.test with a sample cancellation to one endpoint", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    const target = await startWebhookReceiver({ secret: w.signingSecret });
    try {
      const endpoint = await createWebhookEndpoint(w.workspace.id, { url: target.url });
      await createWebhookEndpoint(w.workspace.id, { url: `${r.url}/not-this-one` });
      const { webhookEventId, deliveryId } = await sendTestWebhook(w.workspace.id, endpoint.id);
      expect(await drainWebhookDeliveries({ webhookEventIds: [webhookEventId] })).toMatchObject({
        succeeded: 1,
      });
      const [req] = await target.waitFor(1);
      expect(req!.signatureValid).toBe(true);
      expect(req!.headers["x-retentbase-event"]).toBe("webhook.test");
      expect(JSON.parse(req!.rawBody)).toMatchObject({
        id: webhookEventId,
        type: "webhook.test",
        environment: "sandbox",
        workspaceKey: w.workspace.workspaceKey,
        data: { cancellation: { metadata: { test: true } } },
      });
      expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })).toMatchObject({
        status: "succeeded",
      });
      await disableWebhookEndpoint(w.workspace.id, endpoint.id);
      expect((await apiErrorOf(sendTestWebhook(w.workspace.id, endpoint.id))).status).toBe(409);
    } finally {
      await target.close();
    }
  });
});

describe("rotateSigningSecret", () => {
  it("makes a new current secret and keeps the old one valid for 24 hours", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    const { secret, previousExpiresAt } = await rotateSigningSecret(w.workspace.id, { actor: "user:u1" });
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(w.signingSecret);
    const active = await activeSigningSecrets(w.workspace.id);
    expect(active.map((s) => [s.secret, s.expiresAt?.getTime() ?? null])).toEqual([
      [secret, null],
      [w.signingSecret, previousExpiresAt.getTime()],
    ]);
    expect(Math.abs(previousExpiresAt.getTime() - Date.now() - 86_400_000)).toBeLessThan(5_000);
    expect(await activeSigningSecrets(w.workspace.id, new Date(Date.now() + 86_401_000))).toHaveLength(1);
    const audit = await db.auditLog.findFirst({
      where: { workspaceId: w.workspace.id, action: "signing_secret.rotated" },
    });
    expect(audit?.actor).toBe("user:u1");
    expect((await apiErrorOf(rotateSigningSecret("ws_nope"))).status).toBe(404);
  });
});

// Each command is a fresh tsx process: seconds apiece on a busy machine.
// Six CLI processes (tsx + Prisma each): slow on a loaded 2-core machine.
describe("npm run rb -- webhook …", { timeout: 300_000 }, () => {
  it("adds, lists, tests, lists deliveries, retries and removes", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    const added = await rb(
      "webhook",
      "add",
      "--workspace",
      w.workspace.id,
      "--url",
      `${r.url}/cli`,
      "--events",
      "cancellation.created,cancellation.outcome_updated",
      "--json",
    );
    expect(added.code, added.stderr).toBe(0);
    const { endpoint } = JSON.parse(added.stdout);
    expect(JSON.parse(added.stdout)).toEqual({
      endpoint: { id: expect.stringMatching(/^we_/), url: `${r.url}/cli` },
    });

    const listed = JSON.parse((await rb("webhook", "list", "--workspace", w.workspace.id, "--json")).stdout);
    expect(listed.endpoints).toMatchObject([
      { id: endpoint.id, eventTypes: ["cancellation.created", "cancellation.outcome_updated"] },
    ]);

    r.setResponder(() => ({ status: 503, body: "down" }));
    const tested = await rb("webhook", "test", "--endpoint-id", endpoint.id);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^Test event evt_\w+ to .*: failed \(503: HTTP 503, \d+ ms\)/);

    const deliveries = JSON.parse(
      (await rb("webhook", "deliveries", "--workspace", w.workspace.id, "--status", "failed", "--json"))
        .stdout,
    );
    expect(deliveries.data).toHaveLength(1);
    const id = deliveries.data[0].id;
    await db.webhookDelivery.update({ where: { id }, data: { status: "dead" } });

    // Paused by its circuit breaker: the list and the delivery log say so.
    const retryAt = new Date(Date.now() + 60_000);
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: {
        consecutiveTimeouts: 3,
        circuitOpenings: 1,
        circuitOpenedAt: new Date(),
        circuitRetryAt: retryAt,
      },
    });
    const paused = await rb("webhook", "list", "--workspace", w.workspace.id);
    expect(paused.stdout).toContain(
      `[paused: timing out (3 in a row), circuit open, next try at ${retryAt.toISOString()}]`,
    );
    const log = JSON.parse(
      (await rb("webhook", "deliveries", "--workspace", w.workspace.id, "--json")).stdout,
    );
    expect(log.data[0].endpoint.circuit).toEqual({
      state: "open",
      consecutiveTimeouts: 3,
      openedAt: expect.any(String),
      retryAt: retryAt.toISOString(),
    });

    // A retry asked for by a person goes out as the probe; the endpoint answers, so it closes.
    r.setResponder(() => ({ status: 200 }));
    const retried = await rb("webhook", "retry", "--delivery-id", id, "--json");
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout).delivery).toMatchObject({ id, status: "succeeded", attemptCount: 2 });
    expect(JSON.parse(retried.stdout).delivery.endpoint.circuit.state).toBe("closed");

    const removed = await rb("webhook", "remove", "--endpoint-id", endpoint.id, "--json");
    expect(JSON.parse(removed.stdout)).toEqual({ removed: endpoint.id });
    expect(await db.webhookEndpoint.count({ where: { workspaceId: w.workspace.id } })).toBe(0);
  });

  it("refuses a private target without the switch, with the reason", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    // The child would inherit this file's WEBHOOK_ALLOW_PRIVATE_TARGETS=true: switch it off.
    const strict = await runScript(
      "scripts/rb.ts",
      ["webhook", "add", "--workspace", w.workspace.id, "--url", "https://10.0.0.2/hook", "--json"],
      { WEBHOOK_ALLOW_PRIVATE_TARGETS: "false" },
    );
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toEqual({
      error: {
        message: "url: 10.0.0.2 is a private-network address: webhook URLs must point to a public address",
      },
    });
    const usage = await rb("webhook", "add", "--workspace", w.workspace.id);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--url is required/);
  });
});
