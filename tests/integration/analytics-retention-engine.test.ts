// Analytics of the retention engine: why hosted sessions showed no offer (rollups and raw events
// agree, the page renders it in words), the validated save rate at an injected `now`, and the CSV
// export's new columns.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/cancellations/export/route";
import { HealthSummary } from "@/components/dashboard/analytics/health";
import { WhyNoOffer } from "@/components/dashboard/analytics/why-no-offer";
import { db, Prisma } from "@/lib/db";
import { analyticsPageData, overviewPageData } from "@/lib/domain/analytics/pages";
import { advancedAnalytics, validatedSaves } from "@/lib/domain/analytics/queries";
import { refreshRollups } from "@/lib/domain/analytics/rollups";
import { NO_OFFER_DETAIL } from "@/lib/domain/cancel-sessions/readable-timeline";
import { isValidatedSave } from "@/lib/domain/cancellations/save-validity";
import { apiRequest, createTestWorkspace } from "../helpers/factories";

const DAY = 24 * 60 * 60 * 1000;
const range = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") };
let seq = 0;

async function event(
  workspaceId: string,
  e: {
    outcome: "churned" | "recovered" | "abandoned" | null;
    occurredAt?: string;
    source?: "api" | "hosted";
    noOfferReason?: string | null;
    saveBrokenAt?: string;
    environment?: "prod" | "sandbox";
    plan?: string;
    offerTerms?: Prisma.InputJsonValue;
    experiment?: { id: string; variant: string };
  },
) {
  const now = new Date();
  seq++;
  return db.cancellationEvent.create({
    data: {
      id: `ce_re${seq}`,
      workspaceId,
      environment: e.environment ?? "prod",
      eventId: `re_${seq}`,
      source: e.source ?? "hosted",
      userId: `user_${seq}`,
      reasonKey: "too_expensive",
      outcome: e.outcome,
      noOfferReason: e.noOfferReason ?? null,
      offerType: e.offerTerms ? "pause" : "none",
      offerTerms: e.offerTerms ?? Prisma.DbNull,
      offerAccepted: Boolean(e.offerTerms),
      experimentId: e.experiment?.id ?? null,
      variant: e.experiment?.variant ?? null,
      saveBrokenAt: e.saveBrokenAt ? new Date(e.saveBrokenAt) : null,
      plan: e.plan ?? "pro",
      mrr: new Prisma.Decimal(10),
      occurredAt: new Date(e.occurredAt ?? "2026-10-10T12:00:00Z"),
      createdAt: now,
      updatedAt: now,
    },
  });
}

describe("why no offer", () => {
  let ws: string;
  beforeAll(async () => {
    ws = (await createTestWorkspace({ plan: "advanced" })).workspace.id;
    // 10 prod hosted events: 3 no_match, 2 cooldown, 1 ineligible, 1 holdout, 3 with an offer.
    for (const noOfferReason of [
      "no_match",
      "no_match",
      "no_match",
      "cooldown",
      "cooldown",
      "ineligible",
      "holdout",
    ]) {
      await event(ws, { outcome: noOfferReason === "holdout" ? "recovered" : "churned", noOfferReason });
    }
    for (let i = 0; i < 3; i++)
      await event(ws, { outcome: "recovered", offerTerms: { maxMonths: 2, months: 1 } });
    // Not counted: API events (in no share), sandbox, outside the range.
    await event(ws, { outcome: "churned", source: "api" });
    await event(ws, { outcome: "churned", noOfferReason: "cooldown", environment: "sandbox" });
    await event(ws, { outcome: "churned", noOfferReason: "cooldown", occurredAt: "2026-11-02T00:00:00Z" });
  });

  const expected = [
    { key: "no_match", events: 3, share: 0.3, recovered: 0, churned: 3, saveRate: 0 },
    { key: "cooldown", events: 2, share: 0.2, recovered: 0, churned: 2, saveRate: 0 },
    { key: "ineligible", events: 1, share: 0.1, recovered: 0, churned: 1, saveRate: 0 },
    { key: "holdout", events: 1, share: 0.1, recovered: 1, churned: 0, saveRate: 1 },
  ];

  it("counts prod hosted events per reason, with their share of hosted events — live, raw and rollups agree", async () => {
    const live = (await advancedAnalytics(ws, range)).noOffer;
    expect(live.hosted).toBe(10);
    expect(live.reasons).toMatchObject(expected);
    expect((await advancedAnalytics(ws, range, "raw")).noOffer).toEqual(live);
    await refreshRollups(ws);
    expect(
      await db.eventRollup.count({ where: { workspaceId: ws, dimension: "noOffer", key: "cooldown" } }),
    ).toBeGreaterThan(0);
    expect((await advancedAnalytics(ws, range, "rollup")).noOffer).toEqual(live);
    expect(await advancedAnalytics(ws, range, "rollup")).toEqual(await advancedAnalytics(ws, range, "raw"));
    // A plan filter narrows it like every breakdown.
    expect((await advancedAnalytics(ws, { ...range, plan: "business" })).noOffer).toMatchObject({
      hosted: 0,
      reasons: expected.map((r) => ({ key: r.key, events: 0, share: 0 })),
    });
  });

  it("the analytics page shows it as a table, each reason in words", async () => {
    const { analytics } = await analyticsPageData(ws, range, new Date("2026-12-01T00:00:00Z"));
    const html = renderToStaticMarkup(
      createElement(WhyNoOffer, { data: analytics.noOffer, detail: NO_OFFER_DETAIL }),
    );
    expect(html).toContain("Why no offer");
    expect(html).toContain("<caption");
    expect(html).toContain("of all 10 hosted cancellations");
    for (const words of Object.values(NO_OFFER_DETAIL)) {
      expect(html).toContain(words.replace(/'/g, "&#x27;"));
    }
    expect(html).toMatch(/Cooldown.*?>2<.*?>20(\.0)?%</s);
  });

  it("a period without hosted events says so", async () => {
    const empty = { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2025-02-01T00:00:00Z") };
    const { noOffer } = await advancedAnalytics(ws, empty);
    const html = renderToStaticMarkup(createElement(WhyNoOffer, { data: noOffer, detail: NO_OFFER_DETAIL }));
    expect(html).toContain("No hosted cancellations in this period");
    expect(html).not.toContain("<table");
  });
});

describe("validated save rate", () => {
  let ws: string;
  // October 2026's events; `now` is injected: 30 days after 2026-10-10 is 2026-11-09.
  const NOW = new Date("2026-11-09T12:00:00Z");
  beforeAll(async () => {
    ws = (await createTestWorkspace({ plan: "advanced" })).workspace.id;
    // Old enough (on or before 2026-10-10T12:00): 4 recovered (2 validated), 1 churned.
    await event(ws, { outcome: "recovered" }); // validated
    await event(ws, { outcome: "recovered", saveBrokenAt: "2026-11-09T12:00:00.001Z" }); // broken after 30 days: validated
    await event(ws, { outcome: "recovered", saveBrokenAt: "2026-10-20T00:00:00Z" }); // broken within 30 days
    await event(ws, {
      outcome: "recovered",
      saveBrokenAt: "2026-11-09T12:00:00Z",
      occurredAt: "2026-10-10T12:00:00Z",
    }); // exactly at 30 days: broken
    await event(ws, { outcome: "churned", occurredAt: "2026-10-02T00:00:00Z" });
    await event(ws, { outcome: "abandoned" }); // not decided
    await event(ws, { outcome: null }); // pending
    // Too young at NOW: counted in the save rate, not yet in the validated one.
    await event(ws, { outcome: "recovered", occurredAt: "2026-10-20T00:00:00Z" });
    await event(ws, { outcome: "churned", occurredAt: "2026-10-25T00:00:00Z" });
    // Never counted: sandbox, and outside the range.
    await event(ws, { outcome: "recovered", environment: "sandbox" });
    await event(ws, { outcome: "recovered", occurredAt: "2026-09-01T00:00:00Z" });
  });

  it("counts the saves that lasted over decided events 30 days old at now, as isValidatedSave says", async () => {
    const v = await validatedSaves(ws, range, NOW);
    expect(v).toEqual({ decided: 5, validated: 2, rate: 0.4, maturedBefore: "2026-10-10T12:00:00.000Z" });
    // The pure definition gives the same count over the same events.
    const rows = await db.cancellationEvent.findMany({
      where: {
        workspaceId: ws,
        environment: "prod",
        occurredAt: { gte: range.from, lt: range.to },
        outcome: { in: ["recovered", "churned"] },
      },
    });
    const decided = rows.filter((e) => e.occurredAt.getTime() <= NOW.getTime() - 30 * DAY);
    expect(decided).toHaveLength(5);
    expect(
      decided.filter((e) => isValidatedSave({ ...e, saved: e.outcome === "recovered" }, NOW)),
    ).toHaveLength(2);
  });

  it("moves with now: a day earlier fewer events are old enough; long before, none", async () => {
    expect(await validatedSaves(ws, range, new Date(NOW.getTime() - DAY))).toMatchObject({
      decided: 1,
      validated: 0,
      rate: 0,
    });
    expect(await validatedSaves(ws, range, new Date("2026-10-15T00:00:00Z"))).toMatchObject({
      decided: 0,
      rate: null,
    });
    expect(await validatedSaves(ws, range, new Date("2026-12-31T00:00:00Z"))).toMatchObject({
      decided: 7,
      validated: 3,
    });
    expect(await validatedSaves(ws, { ...range, plan: "business" }, NOW)).toMatchObject({
      decided: 0,
      rate: null,
    });
  });

  it("retention health shows it beside the save rate, saying what it means", async () => {
    const { health } = await overviewPageData(ws, range, NOW);
    expect(health.saveRate).toBeCloseTo(5 / 7);
    expect(health.validated).toMatchObject({ decided: 5, validated: 2, rate: 0.4 });
    const html = renderToStaticMarkup(createElement(HealthSummary, { health, labels: {}, currency: "USD" }));
    expect(html).toContain("Validated save rate");
    expect(html).toContain("40");
    expect(html).toContain("Saves that lasted 30 days ÷ decided, over 5 events 30+ days old");
    const young = (await overviewPageData(ws, range, new Date("2026-10-15T00:00:00Z"))).health;
    expect(
      renderToStaticMarkup(createElement(HealthSummary, { health: young, labels: {}, currency: "USD" })),
    ).toContain("no decided event is 30 days old yet");
    expect((await analyticsPageData(ws, range, NOW)).validated.rate).toBe(0.4);
  });
});

describe("the CSV export's retention-engine columns", () => {
  it("offerTerms as JSON, noOfferReason, experimentId, variant and saveBrokenAt", async () => {
    const w = await createTestWorkspace({ plan: "advanced" });
    await event(w.workspace.id, {
      outcome: "recovered",
      offerTerms: { maxMonths: 3, months: 2, resumesAt: "2026-12-10T12:00:00.000Z" },
      experiment: { id: "exp_test", variant: "pause" },
      saveBrokenAt: "2026-10-20T00:00:00Z",
    });
    await event(w.workspace.id, {
      outcome: "churned",
      noOfferReason: "holdout",
      occurredAt: "2026-10-09T00:00:00Z",
    });
    const res = await exportRoute(apiRequest("/api/v1/cancellations/export", { apiKey: w.apiKey.key }));
    expect(res.status).toBe(200);
    const [header, first, second] = (await res.text()).trim().split("\r\n");
    const cols = header!.split(",");
    const at = (line: string, name: string) => {
      // Only the JSON cell is quoted here: split outside quotes.
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ""));
      return cells[cols.indexOf(name)];
    };
    const terms = at(first!, "offerTerms")!;
    expect(JSON.parse(terms.slice(1, -1).replace(/""/g, '"'))).toEqual({
      maxMonths: 3,
      months: 2,
      resumesAt: "2026-12-10T12:00:00.000Z",
    });
    expect(at(first!, "experimentId")).toBe("exp_test");
    expect(at(first!, "variant")).toBe("pause");
    expect(at(first!, "noOfferReason")).toBe("");
    expect(at(first!, "saveBrokenAt")).toBe("2026-10-20T00:00:00.000Z");
    expect(at(second!, "noOfferReason")).toBe("holdout");
    expect(at(second!, "offerTerms")).toBe("");
  });
});
