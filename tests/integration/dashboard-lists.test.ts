// The dashboard's reads on a real Postgres: the events list (both sources, every filter, keyset
// pages), one event with its history, session and deliveries, and the hosted sessions list with
// effective statuses. Another workspace's rows never show up.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { db } from "@/lib/db";
import { applyFlowAction, loadFlow } from "@/lib/domain/cancel-sessions/flow";
import { listCancelSessions } from "@/lib/domain/cancel-sessions/list-sessions";
import { getDashboardEvent, listDashboardEvents } from "@/lib/domain/cancellations/dashboard-events";
import type { CancellationFilters } from "@/lib/domain/cancellations/read-cancellations";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { createCancellationBody } from "@/lib/domain/cancellations/schema";
import { updateCancellationOutcome } from "@/lib/domain/cancellations/update-outcome";
import { decodeKeysetCursor } from "@/lib/domain/keyset-cursor";
import { apiRequest, createTestWorkspace } from "../helpers/factories";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
let ws: Ws;
let other: Ws;

const RETURN_URL = "http://localhost:4290/account";
const at = (iso: string) => new Date(iso).toISOString();

async function record(w: Ws, body: Record<string, unknown>) {
  const input = createCancellationBody.parse({ reasonKey: "too_expensive", ...body });
  const { event } = await recordCancellation(
    { id: w.workspace.id, workspaceKey: w.workspace.workspaceKey },
    input,
  );
  return event;
}

/** A hosted session walked to the end through the flow's own functions: reason, then confirm. */
async function hostedSession(w: Ws, userId: string, opts: { finish?: boolean; environment?: string } = {}) {
  const res = await cancelLinkRoute(
    apiRequest("/api/v1/cancel-link", {
      apiKey: w.apiKey.key,
      body: { userId, environment: opts.environment ?? "prod" },
    }),
  );
  expect(res.status).toBe(200);
  const link = (await res.json()) as { url: string; session_id: string };
  const token = new URL(link.url).pathname.split("/").pop()!;
  if (opts.finish) {
    await loadFlow(token, { open: true });
    await applyFlowAction(token, { action: "reason", reasonKey: "not_using", reasonText: "" });
    await applyFlowAction(token, { action: "confirm" });
  }
  return link.session_id;
}

/** Every row of a filtered list, walking its pages. */
async function allPages(filters: CancellationFilters, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Awaited<ReturnType<typeof listDashboardEvents>> = await listDashboardEvents(
      ws.workspace.id,
      filters,
      { limit, after: cursor ? (decodeKeysetCursor(cursor) ?? undefined) : undefined },
    );
    ids.push(...page.data.map((e) => e.eventId));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return ids;
}

let hostedSessionId: string;
/** The three tied events in keyset order: same occurredAt, so id descending. */
let ties: string[];

beforeAll(async () => {
  ws = await createTestWorkspace({ plan: "advanced", returnUrls: [RETURN_URL] });
  other = await createTestWorkspace({ plan: "advanced", returnUrls: [RETURN_URL] });
  // An endpoint, so outbox rows get deliveries (never sent here: nothing calls the drainer).
  await db.webhookEndpoint.create({
    data: { id: "we_dashboardlists", workspaceId: ws.workspace.id, url: "https://hooks.merchant.example/rb" },
  });

  // Three events in the same instant: the keyset must order ties by id and never skip one.
  const tie = "2026-10-05T12:00:00Z";
  await record(ws, { eventId: "tie_a", occurredAt: tie, userId: "cus_tie", outcome: "churned" });
  await record(ws, { eventId: "tie_b", occurredAt: tie, userId: "cus_tie", outcome: "churned" });
  await record(ws, { eventId: "tie_c", occurredAt: tie, userId: "cus_tie", outcome: "churned" });
  await record(ws, {
    eventId: "pending_1",
    occurredAt: "2026-10-01T08:00:00Z",
    userId: "cus_pending",
    reasonKey: "missing_features",
    context: { plan: "pro", mrr: 129.5, tenureDays: 42 },
    offer: { type: "discount", accepted: false, label: "20% off next month" },
  });
  await record(ws, {
    eventId: "recovered_1",
    occurredAt: "2026-09-30T23:59:59Z",
    outcome: "recovered",
    offer: { type: "pause", accepted: true, label: "Pause 1 month" },
  });
  await record(ws, { eventId: "sandbox_1", environment: "sandbox", occurredAt: "2026-10-02T00:00:00Z" });
  await record(other, { eventId: "other_ws_1", occurredAt: "2026-10-03T00:00:00Z", userId: "cus_tie" });

  hostedSessionId = await hostedSession(ws, "cus_hosted", { finish: true });
  const tied = await db.cancellationEvent.findMany({
    where: { workspaceId: ws.workspace.id, userId: "cus_tie" },
    orderBy: { id: "desc" },
  });
  ties = tied.map((e) => e.eventId);
});

describe("listDashboardEvents", () => {
  it("lists both sources newest first, for this workspace and environment only", async () => {
    const { data } = await listDashboardEvents(ws.workspace.id, { environment: "prod" });
    const ids = data.map((e) => e.eventId);
    expect(ids).toEqual([hostedSessionId, ...ties, "pending_1", "recovered_1"]);
    expect(new Set(data.map((e) => e.source))).toEqual(new Set(["hosted", "api"]));
    expect(ids).not.toContain("sandbox_1");
    expect(ids).not.toContain("other_ws_1");

    const sandbox = await listDashboardEvents(ws.workspace.id, { environment: "sandbox" });
    expect(sandbox.data.map((e) => e.eventId)).toEqual(["sandbox_1"]);
  });

  it("gives each row its reason label, offer, outcome and exact MRR", async () => {
    const { data } = await listDashboardEvents(ws.workspace.id, {
      environment: "prod",
      userId: "cus_pending",
    });
    expect(data).toEqual([
      {
        id: expect.stringMatching(/^ce_/),
        eventId: "pending_1",
        environment: "prod",
        source: "api",
        userId: "cus_pending",
        reasonKey: "missing_features",
        reasonLabel: "It's missing features I need",
        offer: { type: "discount", accepted: false, label: "20% off next month" },
        outcome: null,
        mrr: 129.5,
        occurredAt: at("2026-10-01T08:00:00Z"),
      },
    ]);
  });

  it("filters by outcome (pending included), source, reason, user and date range", async () => {
    const ids = async (f: Omit<CancellationFilters, "environment">) =>
      (await listDashboardEvents(ws.workspace.id, { environment: "prod", ...f })).data.map((e) => e.eventId);

    expect(await ids({ outcome: "pending" })).toEqual(["pending_1"]);
    expect(await ids({ outcome: "recovered" })).toEqual(["recovered_1"]);
    expect(await ids({ source: "hosted" })).toEqual([hostedSessionId]);
    expect(await ids({ source: "api", outcome: "churned" })).toEqual(ties);
    expect(await ids({ reasonKey: "not_using" })).toEqual([hostedSessionId]);
    expect(await ids({ userId: "cus_tie" })).toEqual(ties);
    // from inclusive, to exclusive: exactly the first of October.
    expect(
      await ids({ from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-02T00:00:00Z") }),
    ).toEqual(["pending_1"]);
    expect(await ids({ userId: "nobody" })).toEqual([]);
  });

  it("pages with a keyset cursor: every event once, ties included, whatever the page size", async () => {
    const everything = (await listDashboardEvents(ws.workspace.id, { environment: "prod" })).data.map(
      (e) => e.eventId,
    );
    for (const limit of [1, 2, 4]) {
      expect(await allPages({ environment: "prod" }, limit)).toEqual(everything);
    }
    const first = await listDashboardEvents(ws.workspace.id, { environment: "prod" }, { limit: 2 });
    expect(first.hasMore).toBe(true);
    const last = await listDashboardEvents(ws.workspace.id, { environment: "prod" }, { limit: 100 });
    expect(last).toMatchObject({ hasMore: false, nextCursor: null });
  });
});

describe("getDashboardEvent", () => {
  it("returns the event with its outcome history, reason label and the deliveries it caused", async () => {
    const pending = await db.cancellationEvent.findFirstOrThrow({
      where: { workspaceId: ws.workspace.id, eventId: "pending_1" },
    });
    await updateCancellationOutcome(
      { id: ws.workspace.id, workspaceKey: ws.workspace.workspaceKey },
      "pending_1",
      { environment: "prod", outcome: "churned", metadata: { actor: "billing_job" } },
    );
    await updateCancellationOutcome(
      { id: ws.workspace.id, workspaceKey: ws.workspace.workspaceKey },
      "pending_1",
      { environment: "prod", outcome: "recovered" },
    );

    const found = await getDashboardEvent(ws.workspace.id, pending.id);
    expect(found).not.toBeNull();
    expect(found!.reasonLabel).toBe("It's missing features I need");
    expect(found!.cancelSessionId).toBeNull();
    expect(found!.event.outcome).toBe("recovered");
    expect(found!.event.outcomeHistory.map((h) => [h.from, h.to])).toEqual([
      [null, "churned"],
      ["churned", "recovered"],
    ]);
    expect(found!.event.outcomeHistory[0]!.metadata).toEqual({ actor: "billing_job" });
    // created + two outcome updates, each delivered to the one endpoint.
    expect(found!.deliveries.map((d) => d.event.type)).toEqual([
      "cancellation.created",
      "cancellation.outcome_updated",
      "cancellation.outcome_updated",
    ]);
    expect(found!.deliveries[0]).toMatchObject({
      status: "pending",
      attemptCount: 0,
      lastStatusCode: null,
      endpoint: { id: "we_dashboardlists", url: "https://hooks.merchant.example/rb" },
    });
  });

  it("links a hosted event to its session", async () => {
    const hosted = await db.cancellationEvent.findFirstOrThrow({
      where: { cancelSessionId: hostedSessionId },
    });
    const found = await getDashboardEvent(ws.workspace.id, hosted.id);
    expect(found).toMatchObject({ cancelSessionId: hostedSessionId, reasonLabel: "I'm not using it enough" });
    expect(found!.event).toMatchObject({ source: "hosted", outcome: "churned", userId: "cus_hosted" });
  });

  it("is null for another workspace's event, as for one that does not exist", async () => {
    const foreign = await db.cancellationEvent.findFirstOrThrow({
      where: { workspaceId: other.workspace.id, eventId: "other_ws_1" },
    });
    expect(await getDashboardEvent(ws.workspace.id, foreign.id)).toBeNull();
    expect(await getDashboardEvent(ws.workspace.id, "ce_doesnotexist")).toBeNull();
    expect(await getDashboardEvent(other.workspace.id, foreign.id)).not.toBeNull();
  });
});

describe("listCancelSessions", () => {
  let created: string;
  let lapsed: string;
  let sandbox: string;
  let foreign: string;

  beforeAll(async () => {
    created = await hostedSession(ws, "cus_new");
    lapsed = await hostedSession(ws, "cus_lapsed");
    // Past its expiry but not yet swept by the expire job: already expired to the merchant.
    await db.cancelSession.update({
      where: { id: lapsed },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    sandbox = await hostedSession(ws, "cus_sandbox", { environment: "sandbox" });
    foreign = await hostedSession(other, "cus_foreign");
  });

  it("lists this workspace's sessions newest first with their effective status", async () => {
    const { data } = await listCancelSessions(ws.workspace.id, {});
    expect(data.map((s) => s.id)).toEqual([sandbox, lapsed, created, hostedSessionId]);
    expect(data.map((s) => s.id)).not.toContain(foreign);
    const byId = new Map(data.map((s) => [s.id, s]));
    expect(byId.get(lapsed)!.status).toBe("expired");
    expect(byId.get(created)).toMatchObject({ status: "created", reason: null, offer: null, outcome: null });
    expect(byId.get(hostedSessionId)).toMatchObject({
      status: "completed",
      userId: "cus_hosted",
      reason: { key: "not_using", label: "I'm not using it enough" },
      outcome: "churned",
    });
  });

  it("filters by effective status and by environment", async () => {
    const ids = async (f: Parameters<typeof listCancelSessions>[1]) =>
      (await listCancelSessions(ws.workspace.id, f)).data.map((s) => s.id);
    expect(await ids({ status: "expired" })).toEqual([lapsed]);
    expect(await ids({ status: "created" })).toEqual([sandbox, created]);
    expect(await ids({ status: "completed" })).toEqual([hostedSessionId]);
    expect(await ids({ status: "opened" })).toEqual([]);
    expect(await ids({ environment: "sandbox" })).toEqual([sandbox]);
    expect(await ids({ environment: "prod", status: "created" })).toEqual([created]);
  });

  it("pages with a keyset cursor", async () => {
    const first = await listCancelSessions(ws.workspace.id, {}, { limit: 3 });
    expect(first.hasMore).toBe(true);
    const rest = await listCancelSessions(
      ws.workspace.id,
      {},
      {
        limit: 3,
        after: decodeKeysetCursor(first.nextCursor!)!,
      },
    );
    expect([...first.data, ...rest.data].map((s) => s.id)).toEqual([
      sandbox,
      lapsed,
      created,
      hostedSessionId,
    ]);
    expect(rest).toMatchObject({ hasMore: false, nextCursor: null });
  });
});
