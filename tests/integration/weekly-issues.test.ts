// Weekly issue detection on crafted weeks: what is found (with its evidence), what is ignored (tiny
// samples, sandbox traffic), idempotent re-runs, the cron route and the CLI.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as cron } from "@/app/api/cron/weekly-issues/route";
import { db, Prisma } from "@/lib/db";
import { listDetectedIssues } from "@/lib/domain/analytics/issues-queries";
import { resetEnvCache } from "@/lib/env";
import { detectWeeklyIssues } from "@/lib/jobs/weekly-issues";
import { apiRequest, createTestWorkspace } from "../helpers/factories";
import { rb } from "../helpers/run-script";

// Monday 2026-06-15 06:00 UTC: the week is 8–14 June, the baseline 11 May – 7 June.
const NOW = new Date("2026-06-15T06:00:00Z");
const WEEK = { from: Date.parse("2026-06-08T00:00:00Z"), days: 7 };
const BASELINE = { from: Date.parse("2026-05-11T00:00:00Z"), days: 28 };

let seq = 0;
type Spec = {
  count: number;
  outcome: "churned" | "recovered" | "abandoned" | null;
  reasonKey?: string;
  environment?: "prod" | "sandbox";
  source?: "api" | "hosted";
  offer?: { type: "discount" | "pause"; label: string; accepted: boolean };
};

/** `count` events spread evenly over the days of `window`. */
async function seed(workspaceId: string, window: { from: number; days: number }, spec: Spec) {
  const now = new Date();
  await db.cancellationEvent.createMany({
    data: Array.from({ length: spec.count }, (_, i) => ({
      id: `ce_wi${++seq}`,
      workspaceId,
      environment: spec.environment ?? "prod",
      eventId: `wi_${seq}`,
      source: spec.source ?? "api",
      reasonKey: spec.reasonKey ?? "too_expensive",
      outcome: spec.outcome,
      offerType: spec.offer?.type ?? "none",
      offerLabel: spec.offer?.label ?? null,
      offerAccepted: spec.offer?.accepted ?? false,
      plan: "pro",
      mrr: new Prisma.Decimal(50),
      tenureDays: 100,
      occurredAt: new Date(window.from + ((i * window.days) / spec.count) * 86_400_000 + 3_600_000),
      createdAt: now,
      updatedAt: now,
    })),
  });
}

async function issuesOf(workspaceId: string) {
  return db.detectedIssue.findMany({ where: { workspaceId }, orderBy: [{ kind: "asc" }, { title: "asc" }] });
}

/** A prod endpoint with `results` as its attempts in the week, oldest first (true = 2xx). */
async function endpointWithAttempts(
  workspaceId: string,
  url: string,
  results: boolean[],
  environment: "prod" | "sandbox" = "prod",
) {
  const endpoint = await db.webhookEndpoint.create({
    data: { id: `we_wi${++seq}`, workspaceId, url },
  });
  for (const [i, ok] of results.entries()) {
    const at = new Date(WEEK.from + 86_400_000 + i * 3_600_000);
    const event = await db.webhookEvent.create({
      data: {
        id: `evt_wi${++seq}`,
        workspaceId,
        type: "cancellation.created",
        environment,
        payload: "{}",
        createdAt: at,
      },
    });
    const delivery = await db.webhookDelivery.create({
      data: {
        workspaceId,
        webhookEventId: event.id,
        endpointId: endpoint.id,
        status: ok ? "succeeded" : i === 0 ? "dead" : "failed",
        attemptCount: 1,
        createdAt: at,
      },
    });
    await db.webhookAttempt.create({
      data: {
        id: `dlv_wi${++seq}`,
        deliveryId: delivery.id,
        workspaceId,
        attemptNumber: 1,
        statusCode: ok ? 200 : i % 2 ? 500 : null,
        error: ok ? null : "boom",
        durationMs: 10,
        createdAt: at,
      },
    });
  }
  return endpoint;
}

const ws: Record<string, string> = {};

beforeAll(async () => {
  for (const name of ["drop", "sandbox", "tiny", "spike", "offer", "hosted", "webhooks", "quiet"]) {
    ws[name] = (await createTestWorkspace({ name })).workspace.id;
  }

  // Save rate 60 % for four weeks (25 decided a week), then 20 % (25 decided).
  await seed(ws.drop!, BASELINE, { count: 60, outcome: "recovered" });
  await seed(ws.drop!, BASELINE, { count: 40, outcome: "churned" });
  await seed(ws.drop!, WEEK, { count: 5, outcome: "recovered" });
  await seed(ws.drop!, WEEK, { count: 20, outcome: "churned" });

  // Steady prod traffic; the sandbox alone would look like every alarm at once.
  await seed(ws.sandbox!, BASELINE, { count: 60, outcome: "recovered" });
  await seed(ws.sandbox!, BASELINE, { count: 40, outcome: "churned" });
  await seed(ws.sandbox!, WEEK, { count: 15, outcome: "recovered" });
  await seed(ws.sandbox!, WEEK, { count: 10, outcome: "churned" });
  await seed(ws.sandbox!, WEEK, {
    count: 300,
    outcome: "churned",
    reasonKey: "other",
    environment: "sandbox",
    offer: { type: "discount", label: "30% off", accepted: false },
  });
  await seed(ws.sandbox!, WEEK, {
    count: 60,
    outcome: "abandoned",
    source: "hosted",
    environment: "sandbox",
  });
  await endpointWithAttempts(
    ws.sandbox!,
    "https://sandbox-only.example/hook",
    Array(8).fill(false),
    "sandbox",
  );

  // 100 % then 0 %, but on a handful of events: proves nothing.
  await seed(ws.tiny!, BASELINE, { count: 10, outcome: "recovered" });
  await seed(ws.tiny!, WEEK, { count: 5, outcome: "churned" });

  // Volume 25 a week → 60, and `not_using` from 20 % to 67 % of them; save rate steady at 50 %.
  await seed(ws.spike!, BASELINE, { count: 40, outcome: "recovered" });
  await seed(ws.spike!, BASELINE, { count: 40, outcome: "churned" });
  await seed(ws.spike!, BASELINE, { count: 10, outcome: "recovered", reasonKey: "not_using" });
  await seed(ws.spike!, BASELINE, { count: 10, outcome: "churned", reasonKey: "not_using" });
  await seed(ws.spike!, WEEK, { count: 10, outcome: "recovered" });
  await seed(ws.spike!, WEEK, { count: 10, outcome: "churned" });
  await seed(ws.spike!, WEEK, { count: 20, outcome: "recovered", reasonKey: "not_using" });
  await seed(ws.spike!, WEEK, { count: 20, outcome: "churned", reasonKey: "not_using" });

  // "30% off" accepted 60 % of the time, then 20 %.
  const offer = (accepted: boolean) => ({ type: "discount" as const, label: "30% off", accepted });
  await seed(ws.offer!, BASELINE, { count: 60, outcome: "recovered", offer: offer(true) });
  await seed(ws.offer!, BASELINE, { count: 40, outcome: "churned", offer: offer(false) });
  await seed(ws.offer!, WEEK, { count: 5, outcome: "recovered", offer: offer(true) });
  await seed(ws.offer!, WEEK, { count: 20, outcome: "churned", offer: offer(false) });

  // Hosted sessions abandoned 10 % of the time, then 40 %; save rate of the rest unchanged.
  await seed(ws.hosted!, BASELINE, { count: 45, outcome: "recovered", source: "hosted" });
  await seed(ws.hosted!, BASELINE, { count: 45, outcome: "churned", source: "hosted" });
  await seed(ws.hosted!, BASELINE, { count: 10, outcome: "abandoned", source: "hosted" });
  await seed(ws.hosted!, WEEK, { count: 8, outcome: "recovered", source: "hosted" });
  await seed(ws.hosted!, WEEK, { count: 7, outcome: "churned", source: "hosted" });
  await seed(ws.hosted!, WEEK, { count: 10, outcome: "abandoned", source: "hosted" });

  // One endpoint failing 6 times in a row after a success, one that failed 4 times then recovered.
  await endpointWithAttempts(ws.webhooks!, "https://broken.example/hook", [
    true,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
  await endpointWithAttempts(ws.webhooks!, "https://flaky.example/hook", [false, false, false, false, true]);

  // Same numbers every week.
  await seed(ws.quiet!, BASELINE, { count: 60, outcome: "recovered" });
  await seed(ws.quiet!, BASELINE, { count: 40, outcome: "churned" });
  await seed(ws.quiet!, WEEK, { count: 15, outcome: "recovered" });
  await seed(ws.quiet!, WEEK, { count: 10, outcome: "churned" });
});

describe("detectWeeklyIssues", () => {
  let first: Awaited<ReturnType<typeof detectWeeklyIssues>>;
  beforeAll(async () => {
    first = await detectWeeklyIssues({ now: NOW });
  });

  it("compares the 7 days before the run with the 4 weeks before them", () => {
    expect(first).toMatchObject({ weekStart: "2026-06-08", weekEnd: "2026-06-15", failed: 0 });
    expect(first.workspaces).toBe(Object.keys(ws).length);
  });

  it("finds a save-rate drop, with the numbers it compared", async () => {
    const issues = await issuesOf(ws.drop!);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue).toMatchObject({ kind: "save_rate_drop", severity: "critical", title: "Save rate dropped" });
    expect(issue!.weekStart.toISOString().slice(0, 10)).toBe("2026-06-08");
    expect(issue!.evidence).toMatchObject({
      current: { saveRate: 0.2, recovered: 5, churned: 20 },
      baseline: { saveRate: 0.6, recovered: 60, churned: 40, weeks: 4 },
      change: -0.4,
    });
    expect((issue!.evidence as { z: number }).z).toBeLessThan(-1.96);
  });

  it("ignores a tiny sample, however large the swing", async () => {
    expect(await issuesOf(ws.tiny!)).toEqual([]);
  });

  it("never lets sandbox events or sandbox webhooks trigger anything", async () => {
    expect(await issuesOf(ws.sandbox!)).toEqual([]);
  });

  it("stays quiet when nothing changed", async () => {
    expect(await issuesOf(ws.quiet!)).toEqual([]);
  });

  it("finds a volume spike and a reason's share spiking, by the reason's label", async () => {
    const issues = await issuesOf(ws.spike!);
    expect(issues.map((i) => [i.kind, i.title])).toEqual([
      ["reason_spike", "Reason spiking: I'm not using it enough"],
      ["volume_spike", "More cancellations than usual"],
    ]);
    expect(issues[0]!.evidence).toMatchObject({
      reasonKey: "not_using",
      current: { events: 40, of: 60 },
      baseline: { events: 20, of: 100, share: 0.2 },
    });
    expect(issues[1]!.evidence).toMatchObject({
      current: { events: 60 },
      baseline: { events: 100, weeklyAverage: 25 },
      ratio: 2.4,
    });
  });

  it("finds an offer's acceptance falling, per offer label", async () => {
    const issues = await issuesOf(ws.offer!);
    const offer = issues.find((i) => i.kind === "offer_acceptance_drop");
    expect(offer).toMatchObject({ title: "Offer acceptance fell: 30% off" });
    expect(offer!.evidence).toMatchObject({
      offer: { type: "discount", label: "30% off" },
      current: { shown: 25, accepted: 5, acceptanceRate: 0.2 },
      baseline: { shown: 100, accepted: 60, acceptanceRate: 0.6 },
    });
  });

  it("finds more hosted sessions abandoned", async () => {
    const issues = await issuesOf(ws.hosted!);
    expect(issues.map((i) => i.kind)).toEqual(["abandonment_rise"]);
    expect(issues[0]!.evidence).toMatchObject({
      current: { abandoned: 10, hostedEvents: 25, share: 0.4 },
      baseline: { abandoned: 10, hostedEvents: 100, share: 0.1 },
    });
  });

  it("finds a webhook failure streak per endpoint, not one that recovered", async () => {
    const issues = await issuesOf(ws.webhooks!);
    expect(issues.map((i) => [i.kind, i.title])).toEqual([
      ["webhook_failures", "Webhook deliveries failing: https://broken.example/hook"],
    ]);
    expect(issues[0]!.evidence).toMatchObject({ consecutiveFailures: 6, attempts: 7, failedAttempts: 6 });
  });

  it("a re-run stores nothing twice", async () => {
    const before = await db.detectedIssue.count();
    const again = await detectWeeklyIssues({ now: new Date(NOW.getTime() + 3_600_000) });
    expect(again.inserted).toBe(0);
    expect(again.issues).toBe(first.issues);
    expect(await db.detectedIssue.count()).toBe(before);
    // One workspace only.
    const one = await detectWeeklyIssues({ now: NOW, workspaceId: ws.drop! });
    expect(one).toMatchObject({ workspaces: 1, issues: 1, inserted: 0 });
  });

  it("lists a workspace's issues for the dashboard, newest first", async () => {
    const list = await listDetectedIssues(ws.spike!, { limit: 10 });
    expect(list.map((i) => i.kind).sort()).toEqual(["reason_spike", "volume_spike"]);
    expect(list[0]).toMatchObject({ weekStart: "2026-06-08" });
    expect(await listDetectedIssues(ws.spike!, { limit: 1 })).toHaveLength(1);
    expect(await listDetectedIssues(ws.quiet!)).toEqual([]);
  });
});

describe("GET /api/cron/weekly-issues and the CLI", () => {
  afterEach(() => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
  });

  it("needs the cron secret, then runs the job", async () => {
    process.env.CRON_SECRET = "cron-secret-weekly-issues";
    resetEnvCache();
    const call = (authorization?: string) =>
      cron(apiRequest("/api/cron/weekly-issues", { headers: authorization ? { authorization } : {} }));
    expect((await call()).status).toBe(401);
    expect((await call("Bearer wrong-secret-weekly-iss")).status).toBe(401);
    const res = await call("Bearer cron-secret-weekly-issues");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ job: "weekly-issues", failed: 0 });
  });

  it("npm run rb -- cron weekly-issues --json", async () => {
    const out = await rb("cron", "weekly-issues", "--workspace", ws.drop!, "--json");
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ job: "weekly-issues", workspaces: 1, failed: 0 });
    expect((await rb("cron", "weekly-issues", "--workspace", "ws_nope")).code).toBe(1);
  });
});
