import { beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db";
import { analyticsPageData, overviewPageData } from "@/lib/domain/analytics/pages";
import { advancedAnalytics, retentionHealth, weeklyTrend } from "@/lib/domain/analytics/queries";
import { refreshRollups } from "@/lib/domain/analytics/rollups";
import { refreshAllRollups } from "@/lib/jobs/rollups";
import { createTestWorkspace } from "../helpers/factories";

let ws: string;
let seq = 0;
const range = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") };

async function event(e: {
  outcome: "churned" | "recovered" | "abandoned" | null;
  reasonKey?: string;
  mrr?: number | null;
  tenureDays?: number | null;
  environment?: "prod" | "sandbox";
  occurredAt?: string;
  offer?: { type: "discount" | "pause"; label: string; accepted: boolean };
  source?: "api" | "hosted";
  plan?: string;
}) {
  const now = new Date();
  await db.cancellationEvent.create({
    data: {
      id: `ce_a${++seq}`,
      workspaceId: ws,
      environment: e.environment ?? "prod",
      eventId: `a_${seq}`,
      source: e.source ?? "api",
      reasonKey: e.reasonKey ?? "too_expensive",
      outcome: e.outcome,
      offerType: e.offer?.type ?? "none",
      offerLabel: e.offer?.label ?? null,
      offerAccepted: e.offer?.accepted ?? false,
      plan: e.plan ?? "pro",
      mrr: e.mrr === undefined ? new Prisma.Decimal(100) : e.mrr === null ? null : new Prisma.Decimal(e.mrr),
      tenureDays: e.tenureDays === undefined ? 40 : e.tenureDays,
      occurredAt: new Date(e.occurredAt ?? "2026-10-10T12:00:00Z"),
      createdAt: now,
      updatedAt: now,
    },
  });
}

beforeAll(async () => {
  ws = (await createTestWorkspace()).workspace.id;
  // Hand-computed fixture for October 2026 (prod): 3 recovered (MRR 100+50+20.5), 2 churned (100+100),
  // 1 abandoned, 1 pending; 4 too_expensive, 3 not_using.
  await event({ outcome: "recovered", offer: { type: "discount", label: "30% off", accepted: true } });
  await event({
    outcome: "recovered",
    mrr: 50,
    offer: { type: "discount", label: "30% off", accepted: true },
    tenureDays: 400,
  });
  await event({
    outcome: "recovered",
    mrr: 20.5,
    reasonKey: "not_using",
    offer: { type: "pause", label: "Pause", accepted: true },
    source: "hosted",
  });
  await event({ outcome: "churned", offer: { type: "discount", label: "30% off", accepted: false } });
  await event({ outcome: "churned", reasonKey: "not_using", plan: "business", mrr: 100, tenureDays: null });
  await event({ outcome: "abandoned", reasonKey: "not_using", source: "hosted", mrr: null });
  await event({ outcome: null, occurredAt: "2026-10-31T23:59:59Z" });
  // Outside the range, and sandbox: never counted.
  await event({ outcome: "churned", occurredAt: "2026-11-01T00:00:00Z" });
  await event({ outcome: "recovered", environment: "sandbox" });
  await refreshRollups(ws);
});

describe("retention health", () => {
  it("matches the hand-computed fixture and excludes sandbox", async () => {
    const h = await retentionHealth(ws, range);
    expect(h).toMatchObject({
      events: 7,
      recovered: 3,
      churned: 2,
      abandoned: 1,
      pending: 1,
      mrrSaved: 170.5,
      mrrLost: 200,
    });
    expect(h.saveRate).toBeCloseTo(3 / 5);
    expect(h.topReasons.map((r) => [r.key, r.events])).toEqual([
      ["too_expensive", 4],
      ["not_using", 3],
    ]);
  });

  it("is empty, not an error, for a range without events", async () => {
    const h = await retentionHealth(ws, { from: new Date("2020-01-01"), to: new Date("2020-02-01") });
    expect(h).toMatchObject({ events: 0, saveRate: null, topReasons: [] });
  });

  it("rollups and the raw events agree", async () => {
    expect(await advancedAnalytics(ws, range, "rollup")).toEqual(await advancedAnalytics(ws, range, "raw"));
    expect(await weeklyTrend(ws, range.to, 12, "rollup")).toEqual(await weeklyTrend(ws, range.to, 12, "raw"));
    const pro = { ...range, plan: "pro" };
    expect(await advancedAnalytics(ws, pro, "rollup")).toEqual(await advancedAnalytics(ws, pro, "raw"));
  });

  it("follows outcome changes after a refresh", async () => {
    await db.cancellationEvent.updateMany({
      where: { workspaceId: ws, eventId: "a_7" },
      data: { outcome: "churned", updatedAt: new Date() },
    });
    await refreshRollups(ws);
    expect((await retentionHealth(ws, range)).churned).toBe(3);
  });
});

describe("advanced analytics", () => {
  it("breaks down offers, cohorts and sources", async () => {
    const a = await advancedAnalytics(ws, range);
    const discount = a.offers.find((o) => o.label === "30% off")!;
    expect(discount).toMatchObject({ shown: 3, accepted: 2, recovered: 2, churned: 1 });
    expect(discount.acceptanceRate).toBeCloseTo(2 / 3);
    expect(a.sources.find((s) => s.key === "hosted")).toMatchObject({ events: 2 });
    expect(a.mrrCohorts.map((c) => c.key)).toEqual(["< 25", "25–100", "100–500", "unknown"]);
    expect(a.tenureCohorts.find((c) => c.key === "≥ 1 year")).toMatchObject({ events: 1, recovered: 1 });
    expect(a.plans).toEqual(["business", "pro"]);
    const business = await advancedAnalytics(ws, { ...range, plan: "business" });
    expect(business.health.events).toBe(1);
  });
});

describe("refreshRollups", () => {
  it("builds more than a month of days (several transactions) exactly, then only what changed", async () => {
    const other = (await createTestWorkspace()).workspace.id;
    const start = Date.parse("2026-06-01T12:00:00Z");
    await db.cancellationEvent.createMany({
      data: Array.from({ length: 140 }, (_, i) => ({
        id: `ce_many${i}`,
        workspaceId: other,
        eventId: `many_${i}`,
        source: i % 3 ? ("api" as const) : ("hosted" as const),
        reasonKey: i % 2 ? "too_expensive" : "not_using",
        outcome: i % 4 ? ("churned" as const) : ("recovered" as const),
        plan: i % 5 ? "pro" : "business",
        mrr: new Prisma.Decimal(10 + i),
        occurredAt: new Date(start + Math.floor(i / 2) * 86_400_000),
        // Written an hour ago: outside the refresh's safety margin once built.
        createdAt: new Date(Date.now() - 3_600_000),
        updatedAt: new Date(Date.now() - 3_600_000),
      })),
    });
    expect(await refreshRollups(other)).toEqual({ days: 70, skipped: false });
    const all = { from: new Date("2026-06-01"), to: new Date("2026-08-15") };
    expect(await advancedAnalytics(other, all, "rollup")).toEqual(await advancedAnalytics(other, all, "raw"));
    expect((await retentionHealth(other, all)).events).toBe(140);
    expect(await refreshRollups(other)).toEqual({ days: 0, skipped: false });
    await db.cancellationEvent.update({
      where: { id: "ce_many7" },
      data: { outcome: "recovered", updatedAt: new Date() },
    });
    expect(await refreshRollups(other)).toEqual({ days: 1, skipped: false });
    expect((await retentionHealth(other, all)).recovered).toBe(36);
  });
});

describe("pages read without writing", () => {
  it("are exact right after a write, with no refresh, and leave the rollups untouched", async () => {
    const fresh = (await createTestWorkspace()).workspace.id;
    const saved = ws;
    ws = fresh;
    try {
      await event({ outcome: "churned" });
      await event({ outcome: "recovered", offer: { type: "pause", label: "Pause", accepted: true } });
      const rollupRows = () => db.eventRollup.count({ where: { workspaceId: fresh } });
      const state = () => db.rollupState.findUnique({ where: { workspaceId: fresh } });

      // Never refreshed: the pages compute every day from the events, and store nothing.
      const overview = await overviewPageData(fresh, range);
      expect(overview.health).toMatchObject({ events: 2, churned: 1, recovered: 1 });
      expect(await rollupRows()).toBe(0);
      expect(await state()).toBeNull();

      await refreshRollups(fresh);
      const stored = await rollupRows();
      expect(stored).toBeGreaterThan(0);

      // A write after the refresh shows at once; the stored rows stay as the refresh left them.
      await event({ outcome: "churned", occurredAt: "2026-10-20T08:00:00Z" });
      const { analytics } = await analyticsPageData(fresh, range);
      expect(analytics.health).toMatchObject({ events: 3, churned: 2 });
      expect(analytics).toEqual(await advancedAnalytics(fresh, range, "raw"));
      expect(await rollupRows()).toBe(stored);
      expect(await weeklyTrend(fresh, range.to)).toEqual(await weeklyTrend(fresh, range.to, 12, "raw"));
    } finally {
      ws = saved;
    }
  });
});

describe("the rollups job", () => {
  it("refreshes the workspaces with changes and leaves the others alone", async () => {
    const changed = (await createTestWorkspace()).workspace.id;
    const saved = ws;
    ws = changed;
    try {
      await event({ outcome: "churned" });
    } finally {
      ws = saved;
    }
    const first = await refreshAllRollups();
    expect(first.failed).toBe(0);
    expect(await db.rollupState.findUnique({ where: { workspaceId: changed } })).not.toBeNull();
    expect(await db.eventRollup.count({ where: { workspaceId: changed } })).toBeGreaterThan(0);
    const one = await refreshAllRollups({ workspaceId: changed });
    expect(one).toMatchObject({ workspaces: 1, failed: 0 });
  });
});
