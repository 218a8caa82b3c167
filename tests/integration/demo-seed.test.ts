// The demo workspace is a buyer's first impression: everything it shows must agree with itself, as
// real data would (it is seeded through the same domain functions), and nothing in it may ever be
// sent anywhere.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listCancelSessions } from "@/lib/domain/cancel-sessions/list-sessions";
import { DEMO_SLUG, seedDemo } from "@/prisma/seed";

// A fixed clock: the demo must not depend on the day the test runs.
const NOW = new Date("2026-11-27T10:30:00Z");
let workspaceId: string;

beforeAll(async () => {
  const seeded = await seedDemo(NOW);
  expect(seeded.created).toBe(true);
  workspaceId = seeded.workspaceId;
}, 120_000);

describe("the demo workspace", () => {
  it("is seeded once, read-only, with its events in the past", async () => {
    expect(await seedDemo(NOW)).toEqual({ workspaceId, created: false });
    const ws = await db.workspace.findUniqueOrThrow({ where: { slug: DEMO_SLUG } });
    expect(ws.id).toBe(workspaceId);
    expect(ws.isDemo).toBe(true);
    const latest = await db.cancellationEvent.aggregate({
      where: { workspaceId },
      _max: { occurredAt: true },
    });
    expect(latest._max.occurredAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it("every event with an outcome has an outcome history that ends in that outcome", async () => {
    const events = await db.cancellationEvent.findMany({
      where: { workspaceId },
      include: { outcomeChanges: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
    });
    expect(events.length).toBeGreaterThan(100);
    const mismatched = events.filter((e) => {
      const last = e.outcomeChanges.at(-1);
      return e.outcome === null ? e.outcomeChanges.length > 0 : last?.toOutcome !== e.outcome;
    });
    expect(mismatched.map((e) => `${e.id}: ${e.outcome} vs ${e.outcomeChanges.at(-1)?.toOutcome}`)).toEqual(
      [],
    );
    // Some outcomes changed after the fact (a PATCH), so the history shows more than one step.
    expect(events.some((e) => e.outcomeChanges.length >= 2)).toBe(true);
    // And some are still pending.
    expect(events.some((e) => e.outcome === null)).toBe(true);
  });

  it("every hosted event has its session, with the steps the customer took", async () => {
    const hosted = await db.cancellationEvent.findMany({
      where: { workspaceId, source: "hosted" },
      include: { cancelSession: true },
    });
    expect(hosted.length).toBeGreaterThan(20);
    for (const e of hosted) {
      expect(e.cancelSession, e.id).not.toBeNull();
      const steps = (e.cancelSession!.timeline as { step: string }[]).map((t) => t.step);
      expect(steps[0], e.id).toBe("created");
      expect(steps, e.id).toContain("reason_selected");
      expect(
        steps.some((s) => s === "completed" || s === "expired"),
        e.id,
      ).toBe(true);
      expect(["completed", "expired"], e.id).toContain(e.cancelSession!.status);
    }
    const sessions = await listCancelSessions(workspaceId, {}, { now: NOW });
    expect(sessions.data.length).toBeGreaterThan(0);
  });

  it("has a webhook endpoint whose deliveries all arrived, one after a retry, and nothing left to send", async () => {
    expect(await db.webhookEndpoint.count({ where: { workspaceId } })).toBeGreaterThan(0);
    const deliveries = await db.webhookDelivery.findMany({
      where: { workspaceId },
      include: { attempts: { orderBy: { attemptNumber: "asc" } } },
    });
    expect(deliveries.length).toBeGreaterThan(0);
    // Nothing a drainer could pick up: a demo never sends anything.
    expect(deliveries.filter((d) => d.status !== "succeeded").map((d) => d.status)).toEqual([]);
    const retried = deliveries.filter((d) => d.attempts.length >= 2);
    expect(retried.length).toBeGreaterThan(0);
    for (const d of retried) {
      const last = d.attempts.at(-1)!;
      expect(last.statusCode).toBeGreaterThanOrEqual(200);
      expect(last.statusCode).toBeLessThan(300);
      expect(d.attempts[0]!.statusCode === null || d.attempts[0]!.statusCode >= 300).toBe(true);
    }
    const sessionsLeftOpen = await db.cancelSession.count({
      where: { workspaceId, status: { in: ["created", "opened"] } },
    });
    expect(sessionsLeftOpen).toBe(0);
  });

  it("has detected at least one issue", async () => {
    expect(await db.detectedIssue.count({ where: { workspaceId } })).toBeGreaterThan(0);
  });
});
