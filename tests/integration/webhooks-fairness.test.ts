// Merchants share the drainer: one workspace's hanging endpoint must not delay another's webhooks,
// and an endpoint that keeps timing out is paused by its circuit breaker. Real receivers on
// loopback, a real worker process. Assertions are on order and counts, never on elapsed time.
import "../helpers/loopback-guard";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { resetEnvCache } from "@/lib/env";
import { CIRCUIT_FIRST_COOLDOWN_MS, CIRCUIT_OPENS_AFTER_TIMEOUTS } from "@/lib/webhooks/circuit";
import { listWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { type DrainOptions, drainWebhookDeliveries } from "@/lib/webhooks/drain";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  listWebhookEndpoints,
  removeWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { sendTestWebhookNow } from "@/lib/webhooks/send-now";
import { createWebhookAgent } from "@/lib/webhooks/transport";
import { type BlackHole, startBlackHole } from "../helpers/black-hole";
import { createTestWorkspace } from "../helpers/factories";
import { LOOPBACK_HOST } from "../helpers/loopback";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { killWorkers, startWorker } from "../helpers/webhook-worker";

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
resetEnvCache();

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  killWorkers();
  while (closers.length) await closers.pop()!();
});

async function receiver(opts: Parameters<typeof startWebhookReceiver>[0] = {}): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(opts);
  closers.push(() => r.close());
  return r;
}

async function blackHole(onEvent?: Parameters<typeof startBlackHole>[0]): Promise<BlackHole> {
  const hole = await startBlackHole(onEvent);
  closers.push(() => hole.close());
  return hole;
}

/** A workspace with one endpoint and `events` due deliveries to it; removed after the test. */
async function endpointWithDeliveries(url: string, events: number) {
  const ws = await createTestWorkspace({ plan: "advanced" });
  const endpoint = await createWebhookEndpoint(ws.workspace.id, { url });
  // Later tests' drains must not send to this test's endpoints.
  closers.push(() => removeWebhookEndpoint(ws.workspace.id, endpoint.id).then(() => {}));
  const run = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < events; i += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, events - i) }, (_, j) =>
        recordCancellation(ws.workspace, {
          environment: "prod",
          eventId: `e_${run}_${i + j}`,
          reasonKey: "too_expensive",
        }),
      ),
    );
  }
  return { ws, endpoint };
}

async function deliveriesOf(ws: Ws) {
  return db.webhookDelivery.findMany({
    where: { workspaceId: ws.workspace.id },
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
}

const endpointRow = (id: string) => db.webhookEndpoint.findUniqueOrThrow({ where: { id } });

/** A drain through the fair claim, as the cron route and the worker run it (short timeouts). */
function drain(opts: DrainOptions = {}) {
  return drainWebhookDeliveries({ timeoutMs: 500, leaseMs: 10_000, perEndpoint: 2, ...opts });
}

/** The cooldown is over: the next drain may send the probe. */
async function coolDown(endpointId: string) {
  await db.webhookEndpoint.update({
    where: { id: endpointId },
    data: { circuitRetryAt: new Date(Date.now() - 1000) },
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, LOOPBACK_HOST, () => resolve((server.address() as AddressInfo).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Time travel: failed deliveries of this workspace are due again. */
async function makeDue(ws: Ws) {
  await db.webhookDelivery.updateMany({
    where: { workspaceId: ws.workspace.id, status: "failed" },
    data: { nextAttemptAt: new Date(Date.now() - 1000) },
  });
}

describe("one workspace's hanging endpoint and another's healthy one, in one worker", () => {
  it("the healthy endpoint's deliveries all go out before the hanging one's first attempt times out; the hanging one is paused after 3 timeouts", async () => {
    const perEndpoint = 3;
    // One ordered log of what both receivers saw.
    const log: ("A+" | "A-" | "B")[] = [];
    const hole = await blackHole((e) => log.push(e.kind === "request" ? "A+" : "A-"));
    const healthy = await receiver({
      respond: () => {
        log.push("B");
        return { status: 200 };
      },
    });
    // A's 64 are older, so a FIFO claim would have sent them first.
    const a = await endpointWithDeliveries(hole.url, 64);
    const b = await endpointWithDeliveries(healthy.url, 15);

    const worker = startWorker([
      "--once",
      "--concurrency",
      "8",
      "--per-endpoint",
      String(perEndpoint),
      "--timeout-ms",
      "2000",
      "--lease-ms",
      "20000",
    ]);
    const code = await worker.exited;
    expect(code, worker.stderr()).toBe(0);

    // Every B delivery arrived before the first A attempt timed out (its connection closed).
    expect(healthy.requests).toHaveLength(15);
    const lastB = log.lastIndexOf("B");
    const firstTimeout = log.indexOf("A-");
    expect(firstTimeout).toBeGreaterThan(-1);
    expect(lastB).toBeLessThan(firstTimeout);
    // While B had work, A never had more than perEndpoint requests open.
    let open = 0;
    let most = 0;
    for (const e of log.slice(0, lastB + 1)) {
      open += e === "A+" ? 1 : e === "A-" ? -1 : 0;
      most = Math.max(most, open);
    }
    expect(most).toBeLessThanOrEqual(perEndpoint);
    expect(hole.maxOpen).toBeLessThanOrEqual(perEndpoint);

    // The breaker opened on the 3rd timeout; nothing else of A was attempted.
    expect(hole.eventIds.length).toBe(CIRCUIT_OPENS_AFTER_TIMEOUTS);
    const endpoint = await endpointRow(a.endpoint.id);
    expect(endpoint).toMatchObject({ consecutiveTimeouts: 3, circuitOpenings: 1, enabled: true });
    expect(endpoint.circuitRetryAt!.getTime() - endpoint.circuitOpenedAt!.getTime()).toBe(
      CIRCUIT_FIRST_COOLDOWN_MS,
    );
    const deliveries = await deliveriesOf(a.ws);
    const attempted = deliveries.filter((d) => d.attemptCount > 0);
    expect(attempted.map((d) => d.webhookEventId).sort()).toEqual([...hole.eventIds].sort());
    for (const d of attempted) {
      expect(d).toMatchObject({ status: "failed", attemptCount: 1 });
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0]!.error).toMatch(/^Timed out after 2000 ms/);
    }
    const opening = attempted.filter((d) => d.lastError?.includes("circuit opened"));
    expect(opening).toHaveLength(1);
    expect(opening[0]!.lastError).toMatch(
      /^Timed out after 2000 ms; 3 timeouts in a row: circuit opened, deliveries to this endpoint paused until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    const untouched = deliveries.filter((d) => d.attemptCount === 0);
    expect(untouched).toHaveLength(64 - CIRCUIT_OPENS_AFTER_TIMEOUTS);
    for (const d of untouched) {
      expect(d).toMatchObject({ status: "pending", lockedUntil: null, lastError: null });
      expect(d.attempts).toHaveLength(0);
    }

    // What the API, the CLI and the dashboard read: the endpoint's circuit, beside every delivery.
    const [listed] = await listWebhookEndpoints(a.ws.workspace.id);
    expect(listed!.circuit).toMatchObject({ state: "open", consecutiveTimeouts: 3 });
    expect(listed!.circuit.retryAt).toBe(endpoint.circuitRetryAt!.toISOString());
    const page = await listWebhookDeliveries(a.ws.workspace.id, { limit: 100 });
    expect(page.data.every((d) => d.endpoint.circuit.state === "open")).toBe(true);

    expect((await deliveriesOf(b.ws)).every((d) => d.status === "succeeded")).toBe(true);
    const [bListed] = await listWebhookEndpoints(b.ws.workspace.id);
    expect(bListed!.circuit).toMatchObject({ state: "closed", consecutiveTimeouts: 0, retryAt: null });
  });
});

describe("the circuit breaker", () => {
  it("refused connections never open it: they follow the retry schedule", async () => {
    const { ws, endpoint } = await endpointWithDeliveries(
      `http://${LOOPBACK_HOST}:${await closedPort()}/hook`,
      4,
    );
    for (let i = 0; i < 3; i++) {
      expect(await drain()).toMatchObject({ claimed: 4, failed: 4 });
      await makeDue(ws);
    }
    expect(await endpointRow(endpoint.id)).toMatchObject({ consecutiveTimeouts: 0, circuitRetryAt: null });
    const deliveries = await deliveriesOf(ws);
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: "failed", attemptCount: 3, lastError: "Connection refused" });
    }
  });

  it("HTTP 500s never open it", async () => {
    const r = await receiver({ respond: () => ({ status: 500 }) });
    const { ws, endpoint } = await endpointWithDeliveries(r.url, 4);
    for (let i = 0; i < 3; i++) {
      expect(await drain()).toMatchObject({ claimed: 4, failed: 4 });
      await makeDue(ws);
    }
    expect(r.requests).toHaveLength(12);
    expect(await endpointRow(endpoint.id)).toMatchObject({ consecutiveTimeouts: 0, circuitRetryAt: null });
  });

  it("a connection that never gets established (connect timeout) is not a timeout of the endpoint", async () => {
    const r = await receiver();
    const { ws, endpoint } = await endpointWithDeliveries(r.url, 4);
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: "http://never-connects.test:9/hook" },
    });
    // Its name never resolves, so no connection is ever made: the attempt times out connecting.
    const agent = createWebhookAgent({ allowPrivate: true, resolve: () => new Promise<string[]>(() => {}) });
    closers.push(() => agent.destroy());
    const transport = { dispatcher: agent, policy: { allowPrivate: true } };
    for (let i = 0; i < 2; i++) {
      expect(await drain({ transport, timeoutMs: 200 })).toMatchObject({ claimed: 4, failed: 4 });
      await makeDue(ws);
    }
    expect(await endpointRow(endpoint.id)).toMatchObject({ consecutiveTimeouts: 0, circuitRetryAt: null });
    expect((await deliveriesOf(ws))[0]!.lastError).toBe("Connection timed out after 200 ms");
  });

  it("timeouts open it; after the cooldown one probe goes: an answer closes it and the rest follow", async () => {
    const hole = await blackHole();
    const { ws, endpoint } = await endpointWithDeliveries(hole.url, 6);
    // Two at a time, then (timing out) one at a time: the third timeout opens it.
    expect(await drain()).toMatchObject({ failed: 3, succeeded: 0 });
    expect(hole.eventIds.length).toBe(3);
    expect(hole.maxOpen).toBe(2);
    expect(await endpointRow(endpoint.id)).toMatchObject({ consecutiveTimeouts: 3, circuitOpenings: 1 });
    const counts = (await deliveriesOf(ws)).map((d) => d.attemptCount).sort();
    expect(counts).toEqual([0, 0, 0, 1, 1, 1]);

    // Open: nothing of it is claimed, not even its failed deliveries once due.
    await makeDue(ws);
    expect(await drain()).toMatchObject({ claimed: 0 });
    expect(hole.eventIds.length).toBe(3);

    // The endpoint recovers (now answering) and the cooldown is over.
    const r = await receiver();
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: r.url } });
    await coolDown(endpoint.id);
    expect(await drain()).toMatchObject({ claimed: 6, succeeded: 6 });
    expect(r.requests).toHaveLength(6);
    expect(await endpointRow(endpoint.id)).toMatchObject({
      consecutiveTimeouts: 0,
      circuitOpenings: 0,
      circuitRetryAt: null,
      circuitOpenedAt: null,
    });
  });

  it("a probe that times out opens it again, for twice as long; one probe per cooldown", async () => {
    const hole = await blackHole();
    const { ws, endpoint } = await endpointWithDeliveries(hole.url, 8);
    await drain();
    const opened = await endpointRow(endpoint.id);
    expect(opened.circuitOpenings).toBe(1);

    await coolDown(endpoint.id);
    const before = Date.now();
    expect(await drain()).toMatchObject({ claimed: 1, failed: 1 });
    expect(hole.eventIds.length).toBe(4); // 3 timeouts, then the one probe
    const reopened = await endpointRow(endpoint.id);
    expect(reopened).toMatchObject({ circuitOpenings: 2, consecutiveTimeouts: 4 });
    expect(reopened.circuitOpenedAt).toEqual(opened.circuitOpenedAt);
    expect(reopened.circuitRetryAt!.getTime() - before).toBeGreaterThanOrEqual(2 * CIRCUIT_FIRST_COOLDOWN_MS);
    const probed = (await deliveriesOf(ws)).filter((d) => d.lastError?.includes("probe"));
    expect(probed).toHaveLength(1);
    expect(probed[0]!.lastError).toMatch(
      /^Timed out after 500 ms; the probe timed out too: circuit opened again/,
    );
    expect(await drain()).toMatchObject({ claimed: 0 });
    expect(hole.eventIds.length).toBe(4);
  });

  it("sending a test event probes an open circuit; enabling a disabled endpoint closes it", async () => {
    const hole = await blackHole();
    const { ws, endpoint } = await endpointWithDeliveries(hole.url, 3);
    await drain();
    expect((await endpointRow(endpoint.id)).circuitRetryAt).not.toBeNull();

    // A person asks: the test event goes now, as the probe (still hanging: open longer).
    const test = await sendTestWebhookNow(ws.workspace.id, endpoint.id, { timeoutMs: 300 });
    expect(test).toMatchObject({ status: "failed", attemptCount: 1 });
    expect(test.endpoint.circuit.state).toBe("open");
    expect(await endpointRow(endpoint.id)).toMatchObject({ circuitOpenings: 2 });

    // Fixed and answering: the next test event closes it.
    const r = await receiver();
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: r.url } });
    const ok = await sendTestWebhookNow(ws.workspace.id, endpoint.id);
    expect(ok.status).toBe("succeeded");
    expect(ok.endpoint.circuit).toMatchObject({ state: "closed", consecutiveTimeouts: 0 });

    // Disabled while open, then enabled: the circuit starts closed.
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { consecutiveTimeouts: 3, circuitOpenings: 1, circuitRetryAt: new Date(Date.now() + 60_000) },
    });
    await disableWebhookEndpoint(ws.workspace.id, endpoint.id);
    const enabled = await enableWebhookEndpoint(ws.workspace.id, endpoint.id);
    expect(enabled.circuit).toMatchObject({ state: "closed", consecutiveTimeouts: 0, retryAt: null });
  });
});
