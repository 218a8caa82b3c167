// The drainer under concurrency and failure: several at once, one killed mid-batch, a graceful
// shutdown, the time budget, and the cron route that runs it.
import "../helpers/loopback-guard";
import { afterEach, describe, expect, it } from "vitest";
import { GET as cron } from "@/app/api/cron/webhooks/route";
import { db, hotQuery, Prisma, utc } from "@/lib/db";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { resetEnvCache } from "@/lib/env";
import { drainWebhookDeliveries } from "@/lib/webhooks/drain";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { apiRequest, createTestWorkspace } from "../helpers/factories";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { killWorkers, startWorker } from "../helpers/webhook-worker";

process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
resetEnvCache();

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

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;

async function setup(urls: string[], events: number) {
  const ws = await createTestWorkspace({ plan: "advanced" });
  for (const url of urls) await createWebhookEndpoint(ws.workspace.id, { url });
  const run = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < events; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, events - i) }, (_, j) =>
        recordCancellation(ws.workspace, {
          environment: "prod",
          eventId: `e_${run}_${i + j}`,
          reasonKey: "too_expensive",
        }),
      ),
    );
  }
  return ws;
}

async function eventIds(ws: Ws) {
  return (
    await db.webhookEvent.findMany({ where: { workspaceId: ws.workspace.id }, select: { id: true } })
  ).map((e) => e.id);
}

async function deliveriesOf(ws: Ws) {
  return db.webhookDelivery.findMany({
    where: { workspaceId: ws.workspace.id },
    include: { attempts: { orderBy: { attemptNumber: "asc" } } },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function keyOf(headers: Record<string, string>) {
  return `${headers["x-retentbase-event-id"]}#${headers["x-retentbase-attempt"]}`;
}

describe("several drainers at once", () => {
  it("never send the same attempt twice, and deliver everything once", async () => {
    const a = await receiver();
    const b = await receiver();
    const ws = await setup([a.url, b.url], 150);
    const only = await eventIds(ws);

    const worker = startWorker(["--once", "--concurrency", "8"]);
    const [x, y] = await Promise.all([
      drainWebhookDeliveries({ webhookEventIds: only, concurrency: 8, batchSize: 10 }),
      drainWebhookDeliveries({ webhookEventIds: only, concurrency: 8, batchSize: 10 }),
      worker.exited,
    ]);
    expect(await worker.exited).toBe(0);

    const requests = [...a.requests, ...b.requests];
    expect(requests).toHaveLength(300);
    expect(new Set(a.requests.map((r) => keyOf(r.headers))).size).toBe(150);
    expect(new Set(b.requests.map((r) => keyOf(r.headers))).size).toBe(150);
    expect(new Set(requests.map((r) => r.headers["x-retentbase-delivery-id"])).size).toBe(300);
    expect(x!.claimed + y!.claimed).toBeLessThanOrEqual(300);
    const deliveries = await deliveriesOf(ws);
    expect(
      deliveries.every((d) => d.status === "succeeded" && d.attemptCount === 1 && d.attempts.length === 1),
    ).toBe(true);
  });
});

describe("a drainer that dies mid-batch", () => {
  it("leaves its claims to expire; they are delivered later, once", async () => {
    const r = await receiver();
    const ws = await setup([r.url], 5);
    const only = await eventIds(ws);
    // Claim like a drainer, then "die" before sending: the rows stay leased.
    const claimed = await hotQuery<{ id: string }>(Prisma.sql`
      update "WebhookDelivery" set "lockedUntil" = ${utc(new Date(Date.now() + 1500))}, "attemptCount" = "attemptCount" + 1
      where "webhookEventId" = any(${only}::text[]) returning id`);
    expect(claimed).toHaveLength(5);

    expect(await drainWebhookDeliveries({ webhookEventIds: only })).toMatchObject({ claimed: 0 });
    expect(r.requests).toHaveLength(0);

    await sleep(1600);
    expect(await drainWebhookDeliveries({ webhookEventIds: only })).toMatchObject({
      claimed: 5,
      succeeded: 5,
    });
    expect(await drainWebhookDeliveries({ webhookEventIds: only })).toMatchObject({ claimed: 0 });
    expect(r.requests).toHaveLength(5);
    expect(new Set(r.requests.map((q) => q.headers["x-retentbase-event-id"])).size).toBe(5);
    // The attempt number counts claims, so it moved on past the dead drainer's.
    expect(r.requests.every((q) => q.headers["x-retentbase-attempt"] === "2")).toBe(true);
    expect((await deliveriesOf(ws)).every((d) => d.status === "succeeded" && d.attempts.length === 1)).toBe(
      true,
    );
  });

  it("a killed worker process loses nothing: after its lease every delivery succeeds exactly once", async () => {
    // The endpoint hangs, so the worker is mid-request when it is killed.
    const r = await receiver({ respond: () => ({ status: 200, delayMs: 30_000 }) });
    const ws = await setup([r.url], 20);
    const only = await eventIds(ws);
    const worker = startWorker(["--concurrency", "4", "--lease-ms", "3000", "--timeout-ms", "2000"]);
    await worker.ready;
    await r.waitFor(4, 10_000);
    worker.child.kill("SIGKILL");
    await worker.exited;
    const inFlight = new Set(r.requests.map((q) => q.headers["x-retentbase-event-id"]));
    expect(inFlight.size).toBe(4);

    r.setResponder(() => ({ status: 200 }));
    // Rows the worker never claimed go at once; its claims only once their lease has expired.
    const early = await drainWebhookDeliveries({ webhookEventIds: only });
    expect(early.claimed).toBeLessThan(20);
    await sleep(3100);
    await drainWebhookDeliveries({ webhookEventIds: only });

    const deliveries = await deliveriesOf(ws);
    expect(deliveries).toHaveLength(20);
    for (const d of deliveries) {
      expect(d.status).toBe("succeeded");
      expect(d.attempts.filter((a) => a.statusCode === 200)).toHaveLength(1);
    }
    // Only the requests in flight at the kill were seen twice (at-least-once); all others once.
    const perEvent = new Map<string, number>();
    for (const q of r.requests) {
      const id = q.headers["x-retentbase-event-id"]!;
      perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
    }
    expect(perEvent.size).toBe(20);
    for (const [id, n] of perEvent) expect(n).toBe(inFlight.has(id) ? 2 : 1);
  });
});

describe("crash safety: a worker killed with SIGKILL at any moment", () => {
  it("loses no delivery, and sends again at most 2 × `concurrency` attempts per kill", async () => {
    const concurrency = 4;
    const total = 300;
    const r = await receiver({ respond: () => ({ status: 200, delayMs: 3 }) });
    const ws = await setup([r.url], total);
    // Recording is slower than sending (50 ms a write): without backpressure, attempts sent but not
    // yet recorded would pile up, and a kill would have them all sent again.
    await db.$executeRawUnsafe(`
      create function rb_test_slow_write() returns trigger language plpgsql as
      $$ begin perform pg_sleep(0.05); return null; end $$`);
    await db.$executeRawUnsafe(`
      create trigger rb_test_slow_write after insert on "WebhookAttempt"
      for each statement execute function rb_test_slow_write()`);
    closers.push(async () => {
      await db.$executeRawUnsafe(`drop trigger rb_test_slow_write on "WebhookAttempt"`);
      await db.$executeRawUnsafe("drop function rb_test_slow_write()");
    });
    const args = ["--concurrency", String(concurrency), "--lease-ms", "2000", "--timeout-ms", "1000"];
    const seen = () => new Set(r.requests.map((q) => q.headers["x-retentbase-event-id"]));
    const undelivered = () =>
      db.webhookDelivery.count({ where: { workspaceId: ws.workspace.id, status: { not: "succeeded" } } });

    // Killed mid-run twice: about a third of the way, then two thirds.
    let kills = 0;
    for (const after of [total / 3, (2 * total) / 3]) {
      const worker = startWorker(["--idle-ms", "100", ...args], { logLevel: "warn" });
      await r.waitFor(after, 60_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${worker.stderr()}`);
      });
      worker.child.kill("SIGKILL");
      await worker.exited;
      kills += 1;
      expect(seen().size).toBeLessThan(total);
    }

    // Once the dead worker's leases have run out, the next drainer sends what it had claimed.
    for (let run = 0; run < 4 && (await undelivered()) > 0; run++) {
      await sleep(2_100);
      const worker = startWorker(["--once", ...args], { logLevel: "warn" });
      const code = await worker.exited;
      expect(code, worker.stderr()).toBe(0);
    }

    expect(await undelivered()).toBe(0);
    const deliveries = await deliveriesOf(ws);
    expect(deliveries).toHaveLength(total);
    for (const d of deliveries) expect(d.attempts.filter((a) => a.statusCode === 200)).toHaveLength(1);
    // Every event arrived; the receiver dedupes on the event id. Duplicates are only the attempts
    // in flight or sent-but-unrecorded at each kill: at most 2 × concurrency a kill.
    expect(seen().size).toBe(total);
    const duplicates = r.requests.length - total;
    expect(duplicates).toBeLessThanOrEqual(kills * 2 * concurrency);
  });
});

describe("npm run worker", () => {
  it("on SIGTERM finishes the attempts in flight, hands back the rest and exits 0", async () => {
    const r = await receiver({ respond: () => ({ status: 200, delayMs: 700 }) });
    const ws = await setup([r.url], 10);
    const worker = startWorker(["--concurrency", "2", "--idle-ms", "100"]);
    await worker.ready;
    await r.waitFor(2, 10_000);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);

    const deliveries = await deliveriesOf(ws);
    const done = deliveries.filter((d) => d.status === "succeeded");
    expect(done.length).toBe(r.requests.length);
    expect(done.length).toBeGreaterThanOrEqual(2);
    // It stopped claiming: the rest were handed back, not sent before exiting.
    expect(done.length).toBeLessThan(deliveries.length);
    for (const d of deliveries.filter((x) => x.status !== "succeeded")) {
      expect(d).toMatchObject({ status: "pending", attemptCount: 0, lockedUntil: null });
    }
  });

  it("delivers what is enqueued while it runs", async () => {
    const r = await receiver();
    const ws = await createTestWorkspace({ plan: "advanced" });
    await createWebhookEndpoint(ws.workspace.id, { url: r.url });
    const worker = startWorker(["--idle-ms", "100"]);
    await worker.ready;
    await recordCancellation(ws.workspace, {
      environment: "prod",
      eventId: "while_running",
      reasonKey: "other",
    });
    const [req] = await r.waitFor(1, 10_000);
    expect(req!.headers["x-retentbase-event"]).toBe("cancellation.created");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});

describe("leases", () => {
  it("an attempt is sent only while its lease covers the whole attempt", async () => {
    const r = await receiver();
    const ws = await setup([r.url], 3);
    const only = await eventIds(ws);
    const short = await drainWebhookDeliveries({ webhookEventIds: only, leaseMs: 500, timeoutMs: 2_000 });
    expect(short).toMatchObject({ claimed: 3, expired: 3, succeeded: 0 });
    expect(r.requests).toHaveLength(0);
    await sleep(600);
    expect(await drainWebhookDeliveries({ webhookEventIds: only })).toMatchObject({
      claimed: 3,
      succeeded: 3,
    });
  });
});

describe("the time budget", () => {
  it("stops claiming when it runs out and hands back what it has not sent", async () => {
    const r = await receiver({ respond: () => ({ status: 200, delayMs: 300 }) });
    const ws = await setup([r.url], 12);
    const only = await eventIds(ws);
    const summary = await drainWebhookDeliveries({
      webhookEventIds: only,
      budgetMs: 200,
      concurrency: 2,
      batchSize: 6,
    });
    expect(summary.stoppedBy).toBe("budget");
    expect(summary.succeeded).toBe(2);
    expect(summary.released).toBe(summary.claimed - 2);
    const pending = (await deliveriesOf(ws)).filter((d) => d.status === "pending");
    expect(pending).toHaveLength(10);
    expect(pending.every((d) => d.attemptCount === 0 && d.lockedUntil === null)).toBe(true);
  });
});

describe("GET /api/cron/webhooks", () => {
  const call = (authorization?: string) =>
    cron(apiRequest("/api/cron/webhooks", { headers: authorization ? { authorization } : {} }));

  it("is 401 without CRON_SECRET configured, without a token and with a wrong one", async () => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
    const unset = await call("Bearer anything-at-all-123456");
    expect(unset.status).toBe(401);
    expect(await unset.json()).toMatchObject({ error: { code: "unauthorized" } });

    process.env.CRON_SECRET = "cron-secret-0123456789";
    resetEnvCache();
    try {
      expect((await call()).status).toBe(401);
      expect((await call("Bearer cron-secret-0123456788")).status).toBe(401);
      expect((await call("cron-secret-0123456789")).status).toBe(401);
    } finally {
      delete process.env.CRON_SECRET;
      resetEnvCache();
    }
  });

  it("drains due deliveries and returns a summary", async () => {
    const r = await receiver();
    await setup([r.url], 3);
    process.env.CRON_SECRET = "cron-secret-0123456789";
    resetEnvCache();
    try {
      const res = await call("Bearer cron-secret-0123456789");
      expect(res.status).toBe(200);
      const summary = await res.json();
      expect(summary).toMatchObject({ job: "webhooks", stoppedBy: "empty", dead: 0, released: 0 });
      expect(summary.succeeded).toBeGreaterThanOrEqual(3);
      expect(typeof summary.durationMs).toBe("number");
      await r.waitFor(3);
    } finally {
      delete process.env.CRON_SECRET;
      resetEnvCache();
    }
  });
});
