import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOne, PATCH } from "@/app/api/v1/cancellations/[eventId]/route";
import { GET as list, POST } from "@/app/api/v1/cancellations/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { db } from "@/lib/db";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { revokeApiKey } from "@/lib/domain/workspaces/api-keys";
import { resetEnvCache } from "@/lib/env";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
let ws: Ws;

beforeAll(async () => {
  ws = await createTestWorkspace({ plan: "advanced" });
});

const post = (key: string, body: unknown, headers?: Record<string, string>) =>
  POST(apiRequest("/api/v1/cancellations", { apiKey: key, body, headers }));
const patch = (key: string, eventId: string, body: unknown) =>
  PATCH(
    apiRequest(`/api/v1/cancellations/${eventId}`, { method: "PATCH", apiKey: key, body }),
    routeParams({ eventId }),
  );
const get = (key: string, eventId: string, environment?: string) =>
  getOne(
    apiRequest(`/api/v1/cancellations/${eventId}${environment ? `?environment=${environment}` : ""}`, {
      apiKey: key,
    }),
    routeParams({ eventId }),
  );
const uid = () => `evt_${Math.random().toString(36).slice(2, 10)}`;

async function webhookEvents(eventId: string) {
  const event = await db.cancellationEvent.findFirst({ where: { workspaceId: ws.workspace.id, eventId } });
  return db.webhookEvent.findMany({
    where: { cancellationEventId: event?.id },
    orderBy: { createdAt: "asc" },
  });
}

describe("the API guide's examples, verbatim", () => {
  it("POST then PATCH give the documented statuses and bodies", async () => {
    const created = await post(ws.apiKey.key, {
      environment: "sandbox",
      eventId: "cancel_evt_8f30a7bf",
      userId: "user_456",
      reasonKey: "too_expensive",
      outcome: "churned", // omit to leave outcome pending for PATCH
      offer: {
        type: "discount",
        accepted: true,
        label: "20% off next month",
      },
      reasonText: "Needs lower monthly price",
      context: {
        plan: "pro",
        mrr: 129,
        tenureDays: 42,
      },
      occurredAt: new Date().toISOString(),
      metadata: {
        source: "billing_settings_page",
      },
    });
    expect(created.status).toBe(201);
    const event = await created.json();
    expect(event).toMatchObject({
      id: expect.stringMatching(/^ce_/),
      eventId: "cancel_evt_8f30a7bf",
      environment: "sandbox",
      source: "api",
      userId: "user_456",
      reasonKey: "too_expensive",
      outcome: "churned",
      offer: { type: "discount", accepted: true, label: "20% off next month" },
      reasonText: "Needs lower monthly price",
      context: { plan: "pro", mrr: 129, tenureDays: 42 },
      metadata: { source: "billing_settings_page" },
    });

    const updated = await patch(ws.apiKey.key, "cancel_evt_8f30a7bf", {
      environment: "sandbox",
      outcome: "recovered",
      effectiveAt: new Date().toISOString(),
      metadata: {
        actor: "success_playbook",
        channel: "cs_call",
      },
    });
    expect(updated.status).toBe(200);
    const after = await updated.json();
    expect(after.outcome).toBe("recovered");
    expect(after.offer).toEqual(event.offer);
    expect(after.reasonKey).toBe("too_expensive");
    expect(after.outcomeHistory.map((h: { from: string; to: string }) => [h.from, h.to])).toEqual([
      [null, "churned"],
      ["churned", "recovered"],
    ]);
    expect(after.outcomeHistory[1].metadata).toEqual({ actor: "success_playbook", channel: "cs_call" });
  });
});

describe("POST /api/v1/cancellations", () => {
  it("applies the documented defaults", async () => {
    const before = Date.now();
    const res = await post(ws.apiKey.key, { eventId: uid(), reasonKey: "not_using" });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toMatch(/^\/api\/v1\/cancellations\/evt_.*\?environment=prod$/);
    const e = await res.json();
    expect(e).toMatchObject({
      environment: "prod",
      outcome: null,
      userId: null,
      offer: { type: "none", accepted: false, label: null },
      context: { plan: null, mrr: null, tenureDays: null },
      metadata: {},
      outcomeHistory: [],
    });
    expect(new Date(e.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("replays return 200 and the stored event, whatever the new body says", async () => {
    const eventId = uid();
    const first = await (
      await post(ws.apiKey.key, { eventId, reasonKey: "too_expensive", context: { mrr: 10 } })
    ).json();
    const replay = await post(ws.apiKey.key, {
      eventId,
      reasonKey: "other",
      outcome: "recovered",
      context: { mrr: 999 },
      metadata: { changed: true },
    });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(first);
    expect(await webhookEvents(eventId)).toHaveLength(1);
  });

  it("a replay answers the event as stored now: its outcome history, terms, exact mrr, metadata", async () => {
    const eventId = uid();
    const created = await post(ws.apiKey.key, {
      environment: "sandbox",
      eventId,
      userId: "user_replay",
      reasonKey: "too_expensive",
      outcome: "recovered",
      offer: {
        type: "discount",
        accepted: true,
        label: "30% off",
        terms: { percentOff: 30, durationMonths: 3 },
      },
      context: { plan: "pro", mrr: 49.99, tenureDays: 400 },
      metadata: { source: "settings", seats: 3, trial: false },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const patched = await patch(ws.apiKey.key, eventId, {
      environment: "sandbox",
      outcome: "churned",
      metadata: { note: "changed their mind" },
    });
    expect(patched.status).toBe(200);
    const stored = await (await get(ws.apiKey.key, eventId, "sandbox")).json();
    expect(stored.outcomeHistory.map((h: { to: string }) => h.to)).toEqual(["recovered", "churned"]);

    const replay = await post(ws.apiKey.key, { environment: "sandbox", eventId, reasonKey: "other" });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(stored);
    expect(stored).toMatchObject({
      context: { plan: "pro", mrr: 49.99, tenureDays: 400 },
      offer: { type: "discount", accepted: true, terms: { percentOff: 30, durationMonths: 3 } },
      metadata: { source: "settings", seats: 3, trial: false },
    });
  });

  it("keeps the same eventId apart per environment", async () => {
    const eventId = uid();
    expect((await post(ws.apiKey.key, { eventId, reasonKey: "other" })).status).toBe(201);
    expect((await post(ws.apiKey.key, { eventId, reasonKey: "other", environment: "sandbox" })).status).toBe(
      201,
    );
  });

  it("stores timestamps as the same instant whatever the server's timezone", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "Pacific/Auckland";
    try {
      const eventId = uid();
      const at = "2026-11-20T09:30:00.123-05:00";
      const created = await (
        await post(ws.apiKey.key, { eventId, reasonKey: "other", occurredAt: at, outcome: "churned" })
      ).json();
      expect(created.occurredAt).toBe("2026-11-20T14:30:00.123Z");
      const stored = await (await get(ws.apiKey.key, eventId)).json();
      expect(stored.occurredAt).toBe("2026-11-20T14:30:00.123Z");
      expect(stored.outcomeHistory[0].effectiveAt).toBe("2026-11-20T14:30:00.123Z");
      expect(stored.createdAt).toBe(created.createdAt);
      expect(Math.abs(Date.parse(stored.createdAt) - Date.now())).toBeLessThan(60_000);
    } finally {
      process.env.TZ = tz;
    }
  });

  it("stores mrr exactly and returns it as a number", async () => {
    const res = await post(ws.apiKey.key, { eventId: uid(), reasonKey: "other", context: { mrr: 129.99 } });
    const e = await res.json();
    expect(e.context.mrr).toBe(129.99);
    const row = await db.cancellationEvent.findUniqueOrThrow({ where: { id: e.id } });
    expect(row.mrr?.toString()).toBe("129.99");
  });

  it("writes one cancellation.created outbox row with the event, and a delivery per endpoint", async () => {
    const endpoint = await db.webhookEndpoint.create({
      data: { id: `we_${uid()}`, workspaceId: ws.workspace.id, url: "https://hooks.merchant.example/rb" },
    });
    const eventId = uid();
    const e = await (await post(ws.apiKey.key, { eventId, reasonKey: "temporary" })).json();
    const [outbox] = await webhookEvents(eventId);
    expect(outbox).toBeDefined();
    const payload = JSON.parse(outbox!.payload);
    expect(payload).toMatchObject({
      id: outbox!.id,
      type: "cancellation.created",
      environment: "prod",
      workspaceKey: ws.workspace.workspaceKey,
      data: { cancellation: e },
    });
    const deliveries = await db.webhookDelivery.findMany({ where: { webhookEventId: outbox!.id } });
    expect(deliveries.map((d) => [d.endpointId, d.status])).toEqual([[endpoint.id, "pending"]]);
    await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
  });

  it("asks for an immediate send only when an endpoint is to receive the event", async () => {
    const own = await createTestWorkspace({ plan: "advanced" });
    const alone = await recordCancellation(own.workspace, {
      environment: "prod",
      eventId: uid(),
      reasonKey: "temporary",
    });
    expect(alone.created).toBe(true);
    expect(alone.webhookEventId).toBeNull();
    // The outbox row is written all the same (an endpoint added later can be sent it by hand).
    expect(await db.webhookEvent.count({ where: { workspaceId: own.workspace.id } })).toBe(1);

    await db.webhookEndpoint.create({
      data: { id: `we_${uid()}`, workspaceId: own.workspace.id, url: "https://hooks.merchant.example/rb" },
    });
    const wanted = await recordCancellation(own.workspace, {
      environment: "prod",
      eventId: uid(),
      reasonKey: "temporary",
    });
    expect(wanted.webhookEventId).toMatch(/^evt_/);
    expect(await db.webhookDelivery.count({ where: { webhookEventId: wanted.webhookEventId! } })).toBe(1);
  });

  it("N simultaneous identical POSTs: one 201, N−1 200s, one row, one outbox row", async () => {
    const eventId = uid();
    const body = { eventId, reasonKey: "missing_features", context: { mrr: 49 } };
    const responses = await Promise.all(Array.from({ length: 40 }, () => post(ws.apiKey.key, body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(39);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(await db.cancellationEvent.count({ where: { workspaceId: ws.workspace.id, eventId } })).toBe(1);
    expect(await webhookEvents(eventId)).toHaveLength(1);
  });
});

describe("POST validation: 400 naming the field", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["missing eventId", { reasonKey: "other" }, /eventId/],
    ["eventId with spaces", { eventId: "a b", reasonKey: "other" }, /eventId/],
    ["eventId too long", { eventId: "a".repeat(256), reasonKey: "other" }, /eventId.*255/],
    ["missing reasonKey", { eventId: "x1" }, /reasonKey/],
    ["bad environment", { eventId: "x1", reasonKey: "other", environment: "staging" }, /environment/],
    ["bad outcome", { eventId: "x1", reasonKey: "other", outcome: "saved" }, /outcome/],
    ["bad offer.type", { eventId: "x1", reasonKey: "other", offer: { type: "coupon" } }, /offer\.type/],
    [
      "accepted without offer",
      { eventId: "x1", reasonKey: "other", offer: { accepted: true } },
      /offer\.accepted/,
    ],
    ["negative mrr", { eventId: "x1", reasonKey: "other", context: { mrr: -1 } }, /context\.mrr/],
    ["string mrr", { eventId: "x1", reasonKey: "other", context: { mrr: "129" } }, /context\.mrr/],
    [
      "fractional tenure",
      { eventId: "x1", reasonKey: "other", context: { tenureDays: 1.5 } },
      /context\.tenureDays/,
    ],
    ["typo in context", { eventId: "x1", reasonKey: "other", context: { tenure: 3 } }, /tenure/],
    ["unknown top-level field", { eventId: "x1", reasonKey: "other", reason: "x" }, /reason/],
    [
      "occurredAt without offset",
      { eventId: "x1", reasonKey: "other", occurredAt: "2026-11-27T10:00:00" },
      /occurredAt/,
    ],
    ["occurredAt not a date", { eventId: "x1", reasonKey: "other", occurredAt: "yesterday" }, /occurredAt/],
    ["nested metadata", { eventId: "x1", reasonKey: "other", metadata: { a: { b: 1 } } }, /metadata/],
    ["metadata array", { eventId: "x1", reasonKey: "other", metadata: [1] }, /metadata/],
    [
      "51 metadata keys",
      {
        eventId: "x1",
        reasonKey: "other",
        metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
      },
      /50 keys/,
    ],
    [
      "reasonText too long",
      { eventId: "x1", reasonKey: "other", reasonText: "x".repeat(2001) },
      /reasonText/,
    ],
    ["a JSON array body", [] as unknown as Record<string, unknown>, /body/],
  ];
  for (const [name, body, message] of cases) {
    it(name, async () => {
      const res = await post(ws.apiKey.key, body);
      expect(res.status).toBe(400);
      const b = await res.json();
      expect(b.error.code).toBe("invalid_request");
      expect(b.error.message).toMatch(message);
    });
  }

  it("an unknown or disabled reasonKey lists the enabled keys", async () => {
    await db.reason.update({
      where: { workspaceId_key: { workspaceId: ws.workspace.id, key: "technical_issues" } },
      data: { enabled: false },
    });
    const res = await post(ws.apiKey.key, { eventId: uid(), reasonKey: "technical_issues" });
    expect(res.status).toBe(400);
    const b = await res.json();
    expect(b.error.message).toContain("too_expensive");
    expect(b.error.details.enabledReasonKeys).not.toContain("technical_issues");
    await db.reason.update({
      where: { workspaceId_key: { workspaceId: ws.workspace.id, key: "technical_issues" } },
      data: { enabled: true },
    });
  });

  it("a metadata object of exactly 50 flat keys and null values is fine", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i % 2 ? null : "v"]));
    expect((await post(ws.apiKey.key, { eventId: uid(), reasonKey: "other", metadata })).status).toBe(201);
  });

  it("malformed JSON is 400, a wrong Content-Type 415, a body over 64 KB 413", async () => {
    const malformed = await POST(
      apiRequest("/api/v1/cancellations", { apiKey: ws.apiKey.key, rawBody: "{oops" }),
    );
    expect(malformed.status).toBe(400);
    const form = await POST(
      apiRequest("/api/v1/cancellations", {
        apiKey: ws.apiKey.key,
        rawBody: "eventId=1",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(form.status).toBe(415);
    const big = await post(ws.apiKey.key, {
      eventId: uid(),
      reasonKey: "other",
      reasonText: "x".repeat(70_000),
    });
    expect(big.status).toBe(413);
  });
});

describe("PATCH /api/v1/cancellations/{eventId}", () => {
  it("same outcome again is a 200 no-op; a change records history and one webhook each", async () => {
    const eventId = uid();
    await post(ws.apiKey.key, {
      eventId,
      reasonKey: "too_expensive",
      offer: { type: "discount", label: "20%" },
    });
    const first = await patch(ws.apiKey.key, eventId, { outcome: "churned" });
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    const again = await patch(ws.apiKey.key, eventId, { outcome: "churned", metadata: { note: "dup" } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    const changed = await (await patch(ws.apiKey.key, eventId, { outcome: "recovered" })).json();
    expect(changed.outcomeHistory.map((h: { to: string }) => h.to)).toEqual(["churned", "recovered"]);
    expect(changed.offer).toEqual({ type: "discount", accepted: false, terms: null, label: "20%" });
    const types = (await webhookEvents(eventId)).map((w) => w.type);
    expect(types).toEqual([
      "cancellation.created",
      "cancellation.outcome_updated",
      "cancellation.outcome_updated",
    ]);
  });

  it("defaults effectiveAt to now and honours a given one", async () => {
    const eventId = uid();
    await post(ws.apiKey.key, { eventId, reasonKey: "other" });
    const at = "2026-11-20T09:30:00+01:00";
    const e = await (await patch(ws.apiKey.key, eventId, { outcome: "churned", effectiveAt: at })).json();
    expect(e.outcomeEffectiveAt).toBe(new Date(at).toISOString());
  });

  it("404 when absent, 409 when only in the other environment", async () => {
    expect((await patch(ws.apiKey.key, "never_seen", { outcome: "churned" })).status).toBe(404);
    const eventId = uid();
    await post(ws.apiKey.key, { eventId, reasonKey: "other", environment: "sandbox" });
    const res = await patch(ws.apiKey.key, eventId, { outcome: "churned" });
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({
      code: "environment_mismatch",
      details: { environment: "sandbox" },
    });
    expect((await patch(ws.apiKey.key, eventId, { outcome: "churned", environment: "sandbox" })).status).toBe(
      200,
    );
  });

  it("refuses abandoned, unknown fields and reason/offer changes with 400", async () => {
    const eventId = uid();
    await post(ws.apiKey.key, { eventId, reasonKey: "other" });
    expect((await patch(ws.apiKey.key, eventId, { outcome: "abandoned" })).status).toBe(400);
    expect((await patch(ws.apiKey.key, eventId, {})).status).toBe(400);
    const sneaky = await patch(ws.apiKey.key, eventId, { outcome: "churned", reasonKey: "too_expensive" });
    expect(sneaky.status).toBe(400);
    expect((await sneaky.json()).error.message).toContain("reasonKey");
    const badPath = await patch(ws.apiKey.key, "bad id", { outcome: "churned" });
    expect(badPath.status).toBe(400);
  });

  it("concurrent PATCHes to the same outcome record it once", async () => {
    const eventId = uid();
    await post(ws.apiKey.key, { eventId, reasonKey: "other" });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => patch(ws.apiKey.key, eventId, { outcome: "churned" })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const e = await (await get(ws.apiKey.key, eventId)).json();
    expect(e.outcomeHistory).toHaveLength(1);
    expect(
      (await webhookEvents(eventId)).filter((w) => w.type === "cancellation.outcome_updated"),
    ).toHaveLength(1);
  });
});

describe("reads", () => {
  it("GET one: 200 with history, 404, 409 across environments", async () => {
    const eventId = uid();
    await post(ws.apiKey.key, { eventId, reasonKey: "other", environment: "sandbox", outcome: "churned" });
    const res = await get(ws.apiKey.key, eventId, "sandbox");
    expect(res.status).toBe(200);
    expect((await res.json()).outcomeHistory).toHaveLength(1);
    expect((await get(ws.apiKey.key, eventId)).status).toBe(409);
    expect((await get(ws.apiKey.key, "nope_nope")).status).toBe(404);
    expect((await get(ws.apiKey.key, eventId, "staging")).status).toBe(400);
  });

  it("lists with filters and cursor pagination", async () => {
    const other = await createTestWorkspace({ plan: "advanced" });
    const key = other.apiKey.key;
    const base = Date.parse("2026-10-01T00:00:00Z");
    for (let i = 0; i < 7; i++) {
      await post(key, {
        eventId: `list_${i}`,
        userId: i % 2 ? "odd" : "even",
        reasonKey: i < 3 ? "too_expensive" : "other",
        outcome: i === 0 ? null : i % 3 === 0 ? "recovered" : "churned",
        occurredAt: new Date(base + i * 3_600_000).toISOString(),
      });
    }
    await post(key, { eventId: "list_sandbox", reasonKey: "other", environment: "sandbox" });

    const page = async (qs: string) =>
      (await list(apiRequest(`/api/v1/cancellations?${qs}`, { apiKey: key }))).json();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await page(`limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...p.data.map((e: { eventId: string }) => e.eventId));
      cursor = p.nextCursor;
      expect(p.hasMore).toBe(cursor !== null);
    } while (cursor);
    expect(all).toEqual(["list_6", "list_5", "list_4", "list_3", "list_2", "list_1", "list_0"]);

    expect((await page("outcome=pending")).data.map((e: { eventId: string }) => e.eventId)).toEqual([
      "list_0",
    ]);
    expect((await page("outcome=recovered")).data.map((e: { eventId: string }) => e.eventId)).toEqual([
      "list_6",
      "list_3",
    ]);
    expect((await page("reasonKey=too_expensive")).data).toHaveLength(3);
    expect((await page("userId=odd")).data).toHaveLength(3);
    expect((await page("environment=sandbox")).data.map((e: { eventId: string }) => e.eventId)).toEqual([
      "list_sandbox",
    ]);
    const from = new Date(base + 2 * 3_600_000).toISOString();
    const to = new Date(base + 4 * 3_600_000).toISOString();
    expect((await page(`from=${from}&to=${to}`)).data.map((e: { eventId: string }) => e.eventId)).toEqual([
      "list_3",
      "list_2",
    ]);
  });

  it("answers bad list queries with 400", async () => {
    for (const qs of [
      "limit=0",
      "limit=101",
      "limit=ten",
      "outcome=lost",
      "cursor=garbage",
      "from=2026-1-01",
      "to=2026-02-30",
      "bogus=1",
    ]) {
      const res = await list(apiRequest(`/api/v1/cancellations?${qs}`, { apiKey: ws.apiKey.key }));
      expect(res.status, qs).toBe(400);
    }
  });
});

describe("plans, demo, read-only and tenants", () => {
  it("Core gets 403 plan_required on every endpoint", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const res = await post(core.apiKey.key, { eventId: uid(), reasonKey: "other" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("plan_required");
    expect((await list(apiRequest("/api/v1/cancellations", { apiKey: core.apiKey.key }))).status).toBe(403);
    expect((await patch(core.apiKey.key, "x", { outcome: "churned" })).status).toBe(403);
  });

  it("the demo workspace reads but cannot write (403 demo_workspace)", async () => {
    const demo = await createTestWorkspace({ isDemo: true });
    const res = await post(demo.apiKey.key, { eventId: uid(), reasonKey: "other" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("demo_workspace");
    expect((await patch(demo.apiKey.key, "x", { outcome: "churned" })).status).toBe(403);
    expect((await list(apiRequest("/api/v1/cancellations", { apiKey: demo.apiKey.key }))).status).toBe(200);
  });

  it("an expired subscription gets 402 on writes while reads work", async () => {
    const lapsed = await createTestWorkspace({ subscription: "active" });
    const eventId = uid();
    await post(lapsed.apiKey.key, { eventId, reasonKey: "other" });
    await db.workspace.update({
      where: { id: lapsed.workspace.id },
      data: { subscriptionStatus: "canceled", accessEndsAt: new Date(Date.now() - 1000) },
    });
    expect((await post(lapsed.apiKey.key, { eventId: uid(), reasonKey: "other" })).status).toBe(402);
    expect((await patch(lapsed.apiKey.key, eventId, { outcome: "churned" })).status).toBe(402);
    expect((await get(lapsed.apiKey.key, eventId)).status).toBe(200);
  });

  it("another workspace's event is 404 on every endpoint, and its eventIds are its own", async () => {
    const eventId = uid();
    await post(ws.apiKey.key, { eventId, reasonKey: "other" });
    const stranger = await createTestWorkspace({ plan: "advanced" });
    expect((await get(stranger.apiKey.key, eventId)).status).toBe(404);
    expect((await patch(stranger.apiKey.key, eventId, { outcome: "churned" })).status).toBe(404);
    const listed = await (
      await list(apiRequest("/api/v1/cancellations", { apiKey: stranger.apiKey.key }))
    ).json();
    expect(listed.data).toEqual([]);
    expect((await post(stranger.apiKey.key, { eventId, reasonKey: "other" })).status).toBe(201);
  });

  it("401 without a key or with a revoked one", async () => {
    expect(
      (await POST(apiRequest("/api/v1/cancellations", { body: { eventId: "a", reasonKey: "other" } })))
        .status,
    ).toBe(401);
    const other = await createTestWorkspace({ plan: "advanced" });
    await revokeApiKey({ keyId: other.apiKey.id });
    expect((await post(other.apiKey.key, { eventId: uid(), reasonKey: "other" })).status).toBe(401);
  });

  it("429 with Retry-After past the per-key rate limit", async () => {
    process.env.RATE_LIMIT_PER_MINUTE = "2";
    resetEnvCache();
    resetRateLimiters();
    try {
      const limited = await createTestWorkspace({ plan: "advanced" });
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await post(limited.apiKey.key, { eventId: uid(), reasonKey: "other" })).status);
      expect(statuses).toEqual([201, 201, 429]);
      const res = await post(limited.apiKey.key, { eventId: uid(), reasonKey: "other" });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      delete process.env.RATE_LIMIT_PER_MINUTE;
      resetEnvCache();
      resetRateLimiters();
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("documents the endpoints from the zod schemas", async () => {
    const res = await openapi(apiRequest("/api/v1/openapi.json"));
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const post = doc.paths["/api/v1/cancellations"].post;
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(["200", "201", "400", "401", "402", "403", "415", "429"]),
    );
    const body = post.requestBody.content["application/json"].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split("/").pop()] : body;
    expect(schema.required).toEqual(expect.arrayContaining(["eventId", "reasonKey"]));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.environment.default).toBe("prod");
    expect(Object.keys(doc.paths["/api/v1/cancellations/{eventId}"].patch.responses)).toEqual(
      expect.arrayContaining(["200", "404", "409"]),
    );
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });
});
