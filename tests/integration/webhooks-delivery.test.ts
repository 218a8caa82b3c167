// Outbound webhooks end to end against local receivers: what a merchant sees, every failure mode,
// SSRF refusals at send time. Loopback only (the guard makes any other connection fail).
import "../helpers/loopback-guard";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { PATCH } from "@/app/api/v1/cancellations/[eventId]/route";
import { POST } from "@/app/api/v1/cancellations/route";
import { db } from "@/lib/db";
import { rotateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { resetEnvCache } from "@/lib/env";
import { type DrainOptions, drainWebhookDeliveries } from "@/lib/webhooks/drain";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import type { Resolver } from "@/lib/webhooks/target";
import { createWebhookAgent } from "@/lib/webhooks/transport";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";
import { type GuideReceiver, startGuideReceiver } from "../helpers/guide-receiver";
import { LOOPBACK_HOST } from "../helpers/loopback";
import { type SmtpCapture, startSmtpCapture } from "../helpers/smtp-capture";
import {
  startWebhookReceiver,
  verifyRetentbaseSignature,
  type WebhookReceiver,
} from "../helpers/webhook-receiver";

// Next's after() outside a request throws; here it queues the callback so a test can run it.
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
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  afterCallbacks.length = 0;
  while (closers.length) await closers.pop()!();
});

async function receiver(opts: Parameters<typeof startWebhookReceiver>[0] = {}): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(opts);
  closers.push(() => r.close());
  return r;
}

async function workspaceWithEndpoint(url: string, eventTypes: string[] = []) {
  const ws = await createTestWorkspace({ plan: "advanced" });
  const endpoint = await createWebhookEndpoint(ws.workspace.id, { url, eventTypes: eventTypes as never });
  return { ws, endpoint };
}

const uid = () => `ev_${Math.random().toString(36).slice(2, 10)}`;

async function postCancellation(ws: Ws, body: Record<string, unknown> = {}) {
  const res = await POST(
    apiRequest("/api/v1/cancellations", {
      apiKey: ws.apiKey.key,
      body: { eventId: uid(), reasonKey: "too_expensive", ...body },
    }),
  );
  expect(res.status).toBeLessThan(300);
  return res.json();
}

/** Drains only this workspace's deliveries (files run their tests one after another). */
async function drain(ws: Ws, opts: DrainOptions = {}) {
  const events = await db.webhookEvent.findMany({
    where: { workspaceId: ws.workspace.id },
    select: { id: true },
  });
  return drainWebhookDeliveries({ timeoutMs: 2_000, ...opts, webhookEventIds: events.map((e) => e.id) });
}

/** Time travel: what is scheduled for later is due now. */
async function makeDue(ws: Ws) {
  await db.webhookDelivery.updateMany({
    where: { workspaceId: ws.workspace.id, status: "failed" },
    data: { nextAttemptAt: new Date(Date.now() - 1000) },
  });
}

async function deliveriesOf(ws: Ws) {
  return db.webhookDelivery.findMany({
    where: { workspaceId: ws.workspace.id },
    include: { attempts: { orderBy: { attemptNumber: "asc" } }, webhookEvent: true, endpoint: true },
    orderBy: { createdAt: "asc" },
  });
}

describe("a merchant endpoint running the guide's verification code", () => {
  let guide: GuideReceiver;
  afterAll(() => guide?.close());

  it("receives cancellation.created and cancellation.outcome_updated from the custom API, with retries", async () => {
    const ws = await createTestWorkspace({ plan: "advanced" });
    // The merchant is deploying when the first delivery arrives.
    guide = await startGuideReceiver({ secret: ws.signingSecret, outage: (n) => (n === 1 ? 503 : null) });
    await createWebhookEndpoint(ws.workspace.id, { url: guide.url });

    const created = await postCancellation(ws, { eventId: "cancel_evt_8f30a7bf", environment: "sandbox" });
    const patched = await PATCH(
      apiRequest("/api/v1/cancellations/cancel_evt_8f30a7bf", {
        method: "PATCH",
        apiKey: ws.apiKey.key,
        body: { environment: "sandbox", outcome: "recovered" },
      }),
      routeParams({ eventId: "cancel_evt_8f30a7bf" }),
    );
    expect(patched.status).toBe(200);

    let summary = await drain(ws);
    expect(summary).toMatchObject({ claimed: 2, succeeded: 1, failed: 1, dead: 0 });
    const [failed] = (await deliveriesOf(ws)).filter((d) => d.status === "failed");
    // Retried after 60 s ± 20 %, counted from when the attempt was recorded (not from whenever this line runs).
    const wait = failed!.nextAttemptAt!.getTime() - failed!.updatedAt.getTime();
    expect(wait).toBeGreaterThanOrEqual(48_000);
    expect(wait).toBeLessThanOrEqual(72_000);

    await makeDue(ws);
    summary = await drain(ws);
    expect(summary).toMatchObject({ claimed: 1, succeeded: 1 });

    const accepted = guide.accepted();
    expect(accepted.map((e) => e.headers["x-retentbase-event"]).sort()).toEqual([
      "cancellation.created",
      "cancellation.outcome_updated",
    ]);
    const createdBody = JSON.parse(
      accepted.find((e) => e.headers["x-retentbase-event"] === "cancellation.created")!.rawBody,
    );
    expect(createdBody).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: "cancellation.created",
      environment: "sandbox",
      workspaceKey: ws.workspace.workspaceKey,
      data: { cancellation: created },
    });
    const updated = JSON.parse(
      accepted.find((e) => e.headers["x-retentbase-event"] === "cancellation.outcome_updated")!.rawBody,
    );
    expect(updated.data.cancellation).toMatchObject({ eventId: "cancel_evt_8f30a7bf", outcome: "recovered" });
    expect(guide.exchanges.map((e) => e.status).sort()).toEqual([200, 200, 503]);
  });
});

describe("delivery", () => {
  it("sends the stored payload bytes with the documented headers; event id stable, delivery id and timestamp per attempt", async () => {
    const r = await receiver({
      respond: (_req, n) => (n === 1 ? { status: 500, body: "boom" } : { status: 204 }),
    });
    const { ws } = await workspaceWithEndpoint(`${r.url}/hooks?src=rb`);
    await postCancellation(ws);
    await drain(ws);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second for the retry's timestamp
    await makeDue(ws);
    await drain(ws);

    const [first, second] = await r.waitFor(2);
    const [delivery] = await deliveriesOf(ws);
    expect(first!.method).toBe("POST");
    expect(first!.path).toBe("/hooks?src=rb");
    expect(first!.rawBody).toBe(delivery!.webhookEvent.payload);
    expect(second!.rawBody).toBe(delivery!.webhookEvent.payload);
    expect(first!.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "RetentBase-Webhooks/1.0",
      "x-retentbase-event": "cancellation.created",
      "x-retentbase-event-id": delivery!.webhookEventId,
      "x-retentbase-delivery-id": delivery!.attempts[0]!.id,
      "x-retentbase-attempt": "1",
      "webhook-id": delivery!.webhookEventId,
    });
    expect(second!.headers).toMatchObject({
      "x-retentbase-event-id": delivery!.webhookEventId,
      "x-retentbase-delivery-id": delivery!.attempts[1]!.id,
      "x-retentbase-attempt": "2",
    });
    expect(delivery!.attempts[0]!.id).toMatch(/^dlv_/);
    expect(delivery!.attempts[0]!.id).not.toBe(delivery!.attempts[1]!.id);
    expect(Number(second!.headers["x-retentbase-timestamp"])).toBeGreaterThan(
      Number(first!.headers["x-retentbase-timestamp"]),
    );
    expect(
      Math.abs(Number(first!.headers["x-retentbase-timestamp"]) - first!.receivedAt / 1000),
    ).toBeLessThan(5);
    expect(delivery).toMatchObject({
      status: "succeeded",
      attemptCount: 2,
      lastStatusCode: 204,
      lockedUntil: null,
    });
    expect(delivery!.deliveredAt).not.toBeNull();
    expect(
      delivery!.attempts.map((a) => [a.attemptNumber, a.statusCode, a.error, a.responseExcerpt]),
    ).toEqual([
      [1, 500, "HTTP 500", "boom"],
      [2, 204, null, ""],
    ]);
  });

  it("is verified by the receiver helper (guide logic) and by standardwebhooks Webhook.verify", async () => {
    const r = await receiver();
    const { ws } = await workspaceWithEndpoint(r.url);
    const guideCheck = await receiver({ secret: ws.signingSecret });
    await createWebhookEndpoint(ws.workspace.id, { url: guideCheck.url });
    await postCancellation(ws);
    await drain(ws);
    const [req] = await r.waitFor(1);
    const [checked] = await guideCheck.waitFor(1);
    expect(checked!.signatureValid).toBe(true);
    expect(new Webhook(ws.signingSecret).verify(req!.rawBody, req!.headers)).toMatchObject({
      type: "cancellation.created",
    });
  });

  it("during a signing-secret rotation sends both signatures", async () => {
    const r = await receiver();
    const { ws } = await workspaceWithEndpoint(r.url);
    const { secret: next, previousExpiresAt } = await rotateSigningSecret(ws.workspace.id);
    expect(previousExpiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await postCancellation(ws);
    await drain(ws);
    const [req] = await r.waitFor(1);
    const h = req!.headers;
    expect(h["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(next).verify(req!.rawBody, h)).toBeTruthy();
    expect(new Webhook(ws.signingSecret).verify(req!.rawBody, h)).toBeTruthy();
    expect(verifyRetentbaseSignature(next, h, req!.rawBody)).toBe(true);
    expect(
      verifyRetentbaseSignature(
        ws.signingSecret,
        { ...h, "x-retentbase-signature-sha256": h["x-retentbase-signature-sha256-previous"] },
        req!.rawBody,
      ),
    ).toBe(true);

    // Once the old secret has expired, only the new one signs.
    await db.signingSecret.updateMany({
      where: { workspaceId: ws.workspace.id, expiresAt: { not: null } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await postCancellation(ws);
    await drain(ws);
    const [, later] = await r.waitFor(2);
    expect(later!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(later!.headers).not.toHaveProperty("x-retentbase-signature-sha256-previous");
  });

  it("sends each endpoint only the event types it asked for", async () => {
    const r = await receiver();
    const { ws } = await workspaceWithEndpoint(r.url, ["cancellation.outcome_updated"]);
    const e = await postCancellation(ws);
    await PATCH(
      apiRequest(`/api/v1/cancellations/${e.eventId}`, {
        method: "PATCH",
        apiKey: ws.apiKey.key,
        body: { outcome: "churned" },
      }),
      routeParams({ eventId: e.eventId }),
    );
    await drain(ws);
    const requests = await r.waitFor(1);
    expect(requests.map((q) => q.headers["x-retentbase-event"])).toEqual(["cancellation.outcome_updated"]);
  });

  it("makes the first attempt right after the request, through after()", async () => {
    const r = await receiver();
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    expect(afterCallbacks).toHaveLength(1);
    expect(r.requests).toHaveLength(0); // not before the response
    await afterCallbacks[0]!();
    const [req] = await r.waitFor(1);
    expect(req!.headers["x-retentbase-attempt"]).toBe("1");
    expect((await deliveriesOf(ws))[0]!.status).toBe("succeeded");
  });

  it("a replayed POST never enqueues a second cancellation.created", async () => {
    const r = await receiver();
    const { ws } = await workspaceWithEndpoint(r.url);
    const body = { eventId: uid(), reasonKey: "too_expensive" };
    await postCancellation(ws, body);
    await postCancellation(ws, body);
    await postCancellation(ws, { ...body, reasonKey: "other" });
    expect(afterCallbacks).toHaveLength(1); // replays schedule nothing
    await drain(ws);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.requests).toHaveLength(1);
    expect(await db.webhookEvent.count({ where: { workspaceId: ws.workspace.id } })).toBe(1);
  });
});

describe("failure modes", () => {
  it("500 then 200: retried on schedule, then succeeded", async () => {
    const r = await receiver({
      respond: (_req, n) => (n === 1 ? { status: 500, body: "oops" } : { status: 200 }),
    });
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    expect(await drain(ws)).toMatchObject({ failed: 1 });
    const [d] = await deliveriesOf(ws);
    expect(d).toMatchObject({
      status: "failed",
      attemptCount: 1,
      lastStatusCode: 500,
      lastError: "HTTP 500",
    });
    const endpoint = await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.workspace.id } });
    expect(endpoint.failingSince).not.toBeNull();
    await makeDue(ws);
    expect(await drain(ws)).toMatchObject({ succeeded: 1 });
    const after = await db.webhookEndpoint.findFirstOrThrow({ where: { workspaceId: ws.workspace.id } });
    expect(after.failingSince).toBeNull();
  });

  it("a hang past the timeout is a failure, recorded with its duration", async () => {
    const r = await receiver({ respond: () => ({ status: 200, delayMs: 20_000 }) });
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    expect(await drain(ws, { timeoutMs: 300 })).toMatchObject({ failed: 1 });
    const [d] = await deliveriesOf(ws);
    expect(d!.lastError).toBe("Timed out after 300 ms");
    // Cut off at the timeout, not after the endpoint's 20 s hang.
    const [attempt] = await db.webhookAttempt.findMany({ where: { deliveryId: d!.id } });
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(300);
    expect(attempt!.durationMs).toBeLessThan(20_000);
    expect(d!.attempts[0]!.durationMs).toBeGreaterThanOrEqual(290);
    expect(d!.attempts[0]!.durationMs).toBeLessThan(2_000);
    expect(d!.attempts[0]!.statusCode).toBeNull();
  });

  it("the default timeout is 6 s", async () => {
    const { DEFAULTS } = await import("@/lib/webhooks/drain");
    expect(DEFAULTS.timeoutMs).toBe(6_000);
  });

  it("connection refused is a failure", async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, LOOPBACK_HOST, () => resolve((closed.address() as AddressInfo).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    const { ws } = await workspaceWithEndpoint(`http://${LOOPBACK_HOST}:${port}/hook`);
    await postCancellation(ws);
    expect(await drain(ws)).toMatchObject({ failed: 1 });
    expect((await deliveriesOf(ws))[0]!.lastError).toBe("Connection refused");
  });

  it("a 302 is a failure and is never followed", async () => {
    const target = await receiver();
    const r = await receiver({
      respond: () => ({ status: 302, headers: { location: `${target.url}/stolen` } }),
    });
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    expect(await drain(ws)).toMatchObject({ failed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
    const [d] = await deliveriesOf(ws);
    expect(d!.lastStatusCode).toBe(302);
    expect(d!.lastError).toBe(
      `Redirect 302 (to ${target.url}/stolen) not followed: the webhook URL must answer with a 2xx itself`,
    );
  });

  it("410 disables the endpoint; queued deliveries wait for it to be enabled again", async () => {
    const r = await receiver({ respond: () => ({ status: 410, body: "gone" }) });
    const { ws, endpoint } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    expect(await drain(ws)).toMatchObject({ failed: 1 });
    const disabled = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "The endpoint answered 410 Gone" });
    expect(disabled.disabledAt).not.toBeNull();

    // Its queued delivery is parked (kept, not due) until the endpoint is enabled again.
    expect((await deliveriesOf(ws))[0]).toMatchObject({ status: "failed", nextAttemptAt: null });
    await postCancellation(ws); // enqueued nowhere: the endpoint is disabled
    await makeDue(ws);
    expect(await drain(ws)).toMatchObject({ claimed: 0 });
    expect(r.requests).toHaveLength(1);

    const { enableWebhookEndpoint } = await import("@/lib/webhooks/endpoints");
    r.setResponder(() => ({ status: 200 }));
    await enableWebhookEndpoint(ws.workspace.id, endpoint.id);
    expect(await drain(ws)).toMatchObject({ claimed: 1, succeeded: 1 });
  });

  it("honours a longer Retry-After", async () => {
    const r = await receiver({ respond: () => ({ status: 429, headers: { "retry-after": "3600" } }) });
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    await drain(ws);
    const [d] = await deliveriesOf(ws);
    const wait = d!.nextAttemptAt!.getTime() - d!.updatedAt.getTime();
    expect(wait).toBeGreaterThanOrEqual(3_599_000);
    expect(wait).toBeLessThanOrEqual(3_600_000);
  });

  it("after the last scheduled retry the delivery is dead", async () => {
    process.env.WEBHOOK_RETRY_SCHEDULE = "0,0";
    resetEnvCache();
    try {
      const r = await receiver({ respond: () => ({ status: 503 }) });
      const { ws } = await workspaceWithEndpoint(r.url);
      await postCancellation(ws);
      for (let i = 0; i < 3; i++) {
        await drain(ws);
        await makeDue(ws);
      }
      const [d] = await deliveriesOf(ws);
      expect(d).toMatchObject({ status: "dead", attemptCount: 3, nextAttemptAt: null });
      expect(d!.attempts.map((a) => a.attemptNumber)).toEqual([1, 2, 3]);
      expect(await drain(ws)).toMatchObject({ claimed: 0 });
    } finally {
      delete process.env.WEBHOOK_RETRY_SCHEDULE;
      resetEnvCache();
    }
  });

  it("reads at most 4 KB of the response", async () => {
    const r = await receiver({ respond: () => ({ status: 500, body: "x".repeat(100_000) }) });
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    await drain(ws);
    expect((await deliveriesOf(ws))[0]!.attempts[0]!.responseExcerpt).toBe("x".repeat(4096));
  });

  it("disables an endpoint failing for 5 days and emails the workspace owners", async () => {
    let smtp: SmtpCapture | undefined;
    smtp = await startSmtpCapture();
    closers.push(() => smtp!.close());
    process.env.SMTP_URL = smtp.url;
    resetEnvCache();
    try {
      const r = await receiver({ respond: () => ({ status: 500 }) });
      const user = await db.user.create({ data: { email: `owner-${uid()}@merchant.example` } });
      const ws = await createTestWorkspace({ plan: "advanced", ownerUserId: user.id });
      const endpoint = await createWebhookEndpoint(ws.workspace.id, { url: r.url });
      await postCancellation(ws);
      await drain(ws);
      // Four days in: still enabled.
      await db.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { failingSince: new Date(Date.now() - 4 * 86_400_000) },
      });
      await makeDue(ws);
      await drain(ws);
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
        enabled: true,
      });
      // Six days in.
      await db.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { failingSince: new Date(Date.now() - 6 * 86_400_000) },
      });
      await makeDue(ws);
      await drain(ws);
      const disabled = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      expect(disabled.enabled).toBe(false);
      expect(disabled.disabledReason).toMatch(/^Every delivery failed for 5 days \(since \d{4}-\d\d-\d\d/);
      const email = await smtp.waitFor(1);
      expect(email.to).toEqual([user.email]);
      expect(email.subject).toBe(`[RetentBase] Webhook endpoint disabled: ${endpoint.url}`);
      expect(email.text).toContain(endpoint.id);
      // Nothing queued is dropped: parked until the endpoint is enabled.
      expect((await deliveriesOf(ws))[0]).toMatchObject({ status: "failed", nextAttemptAt: null });
    } finally {
      delete process.env.SMTP_URL;
      resetEnvCache();
    }
  });
});

describe("SSRF at send time", () => {
  it("without the switch, an endpoint saved while it was on is refused at send: no connection", async () => {
    const r = await receiver();
    const { ws } = await workspaceWithEndpoint(r.url);
    await postCancellation(ws);
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "false";
    resetEnvCache();
    try {
      expect(await drain(ws)).toMatchObject({ failed: 1 });
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
      resetEnvCache();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.requests).toHaveLength(0);
    expect((await deliveriesOf(ws))[0]!.lastError).toBe("Blocked: must start with https://");
  });

  it("a host name resolving to loopback is refused at connect time, and nothing is contacted", async () => {
    const r = await receiver();
    let asked = 0;
    const resolver: Resolver = async (host) => {
      asked++;
      expect(host).toBe("hooks.rebinding.test");
      return [LOOPBACK_HOST];
    };
    // Saved as a public name (it resolved to a public address then)…
    const { ws, endpoint } = await workspaceWithEndpoint(r.url);
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: `https://hooks.rebinding.test:${r.port}/hook` },
    });
    await postCancellation(ws);
    // …now it resolves to 127.0.0.1: the strict transport refuses before connecting.
    const agent = createWebhookAgent({ allowPrivate: false, resolve: resolver });
    try {
      expect(
        await drain(ws, { transport: { dispatcher: agent, policy: { allowPrivate: false } } }),
      ).toMatchObject({
        failed: 1,
      });
    } finally {
      await agent.close();
    }
    expect(asked).toBe(1);
    expect(r.requests).toHaveLength(0);
    expect((await deliveriesOf(ws))[0]!.lastError).toBe(
      "Blocked: hooks.rebinding.test resolves to 127.0.0.1, a loopback address: webhook URLs must point to a public address",
    );
  });

  it("the agent connects to the address it vetted, not to a second lookup", async () => {
    const r = await receiver();
    const answers = [LOOPBACK_HOST, "10.9.9.9"];
    const resolver: Resolver = async () => [answers.shift() ?? "10.9.9.9"];
    const { ws, endpoint } = await workspaceWithEndpoint(r.url);
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: `http://pinned.test:${r.port}/hook` },
    });
    await postCancellation(ws);
    const agent = createWebhookAgent({ allowPrivate: true, resolve: resolver });
    try {
      expect(
        await drain(ws, { transport: { dispatcher: agent, policy: { allowPrivate: true } } }),
      ).toMatchObject({
        succeeded: 1,
      });
    } finally {
      await agent.close();
    }
    const [req] = await r.waitFor(1);
    expect(req!.headers.host).toBe(`pinned.test:${r.port}`);
    expect(answers).toEqual(["10.9.9.9"]); // resolved once
  });
});
