// Bad input never gets a 500 and never stores anything: the classes `npm run fuzz` found, through
// the real route handlers on a real Postgres. (Malformed path segments and server-action requests
// fail inside Next before any handler runs: tests/unit/request-guard.test.ts and the e2e spec.)
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { POST as submitRoute } from "@/app/(cancel)/s/[token]/submit/route";
import { GET as nextAuthGet, POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { GET as getEvent, PATCH as patchEvent } from "@/app/api/v1/cancellations/[eventId]/route";
import { POST as createEvent, GET as listEvents } from "@/app/api/v1/cancellations/route";
import { GET as getDelivery } from "@/app/api/v1/webhook-deliveries/[deliveryId]/route";
import { json, withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { logger } from "@/lib/logger";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";
import { signStripeEvent } from "../helpers/fake-stripe";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
let ws: Ws;
const WEBHOOK_SECRET = "whsec_bad_input_0123456789";

beforeAll(async () => {
  ws = await createTestWorkspace({ plan: "advanced", returnUrls: ["http://localhost:4190/account"] });
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  resetEnvCache();
});
afterAll(() => {
  delete process.env.STRIPE_WEBHOOK_SECRET;
  resetEnvCache();
});
afterEach(() => {
  vi.restoreAllMocks();
});

type ErrorBody = { error: { code: string; message: string; details?: { issues?: { path: string }[] } } };
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;

async function rowCounts() {
  const [events, sessions, outbox, audit] = await Promise.all([
    db.cancellationEvent.count(),
    db.cancelSession.count(),
    db.webhookEvent.count(),
    db.auditLog.count(),
  ]);
  return { events, sessions, outbox, audit };
}

describe("strings Postgres cannot store (NUL, lone surrogates): 400 naming the field", () => {
  // Raw JSON text: the escapes arrive exactly as a client sends them.
  const create = (fields: string) =>
    createEvent(
      apiRequest("/api/v1/cancellations", {
        apiKey: ws.apiKey.key,
        rawBody: `{"eventId":"nul_${Math.random().toString(36).slice(2)}","reasonKey":"too_expensive",${fields}}`,
      }),
    );

  it("anywhere in a body — fields, nested fields, metadata values and keys — and stores nothing", async () => {
    const before = await rowCounts();
    for (const [fields, path] of [
      ['"reasonText":"a\\u0000b"', "reasonText"],
      ['"userId":"\\u0000"', "userId"],
      ['"reasonText":"\\ud800"', "reasonText"],
      ['"context":{"plan":"pro\\udfff"}', "context.plan"],
      ['"offer":{"type":"discount","label":"\\u0000"}', "offer.label"],
      ['"metadata":{"note":"x\\u0000"}', "metadata.note"],
      ['"metadata":{"k\\u0000":"v"}', "metadata"],
      ['"metadata":{"\\ud83d":"v"}', "metadata"],
    ] as const) {
      const res = await create(fields);
      expect(res.status, fields).toBe(400);
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_request");
      expect(error.message).toContain(`${path}: `);
      expect(error.details?.issues?.[0]?.path).toBe(path);
    }
    const cancelLink = await cancelLinkRoute(
      apiRequest("/api/v1/cancel-link", {
        apiKey: ws.apiKey.key,
        rawBody: '{"userId":"cus_1","metadata":{"plan":"\\ud800"}}',
      }),
    );
    expect(cancelLink.status).toBe(400);
    expect((await errorOf(cancelLink)).message).toContain("metadata.plan");
    expect(await rowCounts()).toEqual(before);
  });

  it("in a PATCH body, a path parameter and a query parameter", async () => {
    const created = await createEvent(
      apiRequest("/api/v1/cancellations", {
        apiKey: ws.apiKey.key,
        body: { eventId: "nul_patch", reasonKey: "too_expensive" },
      }),
    );
    expect(created.status).toBe(201);
    const patch = await patchEvent(
      apiRequest("/api/v1/cancellations/nul_patch", {
        method: "PATCH",
        apiKey: ws.apiKey.key,
        rawBody: '{"outcome":"churned","metadata":{"why":"\\u0000"}}',
      }),
      routeParams({ eventId: "nul_patch" }),
    );
    expect(patch.status).toBe(400);
    expect((await errorOf(patch)).message).toContain("metadata.why");
    expect(
      (await db.cancellationEvent.findFirstOrThrow({ where: { eventId: "nul_patch" } })).outcome,
    ).toBeNull();

    // Next hands route handlers decoded segments: `a%00b` arrives as "a\0b".
    const delivery = await getDelivery(
      apiRequest("/api/v1/webhook-deliveries/a%00b", { apiKey: ws.apiKey.key }),
      routeParams({ deliveryId: "a\u0000b" }),
    );
    expect(delivery.status).toBe(400);
    expect((await errorOf(delivery)).message).toMatch(/^Invalid path parameter: deliveryId: contains a NUL/);
    const event = await getEvent(
      apiRequest("/api/v1/cancellations/x?environment=prod", { apiKey: ws.apiKey.key }),
      routeParams({ eventId: "a\u0000" }),
    );
    expect(event.status).toBe(400);
    const list = await listEvents(
      apiRequest("/api/v1/cancellations?userId=a%00b", { apiKey: ws.apiKey.key }),
    );
    expect(list.status).toBe(400);
    expect((await errorOf(list)).message).toMatch(/^Invalid query parameters: userId/);
  });

  it("in a hosted-flow note: back to the reason step with an explanation, nothing stored", async () => {
    const res = await cancelLinkRoute(
      apiRequest("/api/v1/cancel-link", { apiKey: ws.apiKey.key, body: { userId: "cus_note" } }),
    );
    const { url, session_id } = (await res.json()) as { url: string; session_id: string };
    const token = new URL(url).pathname.split("/").pop()!;
    const submitted = await submitRoute(
      new Request(`http://cancel.localhost:3000/s/${token}/submit`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", host: "cancel.localhost:3000" },
        body: "action=reason&reasonKey=too_expensive&reasonText=a%00b",
      }),
      routeParams({ token }),
    );
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toBe(`/s/${token}?error=characters`);
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: session_id } });
    expect(session.reasonKey).toBeNull();
  });
});

describe("hosted-flow redirects built from the token in the URL", () => {
  it("encode it, so a decoded newline or RTL mark cannot break the Location header", async () => {
    for (const token of ["a b", "x\ny", "\u202eevil", "😀"]) {
      const res = await submitRoute(
        new Request("http://cancel.localhost:3000/s/x/submit", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", host: "cancel.localhost:3000" },
          body: "action=confirm",
        }),
        routeParams({ token }),
      );
      expect(res.status, token).toBe(303);
      expect(res.headers.get("location")).toBe(`/s/${encodeURIComponent(token)}`);
    }
  });
});

describe("signed Stripe events the handlers cannot use", () => {
  const deliver = (event: unknown) => {
    const { body, header } = signStripeEvent(event as object, WEBHOOK_SECRET);
    return stripeWebhook(
      apiRequest("/api/stripe/webhook", {
        rawBody: body,
        headers: { "content-type": "application/json", "stripe-signature": header },
      }),
    );
  };

  it("are a 400, not a crash in a handler or a NUL in Postgres; nothing is recorded", async () => {
    const before = await db.stripeEvent.count();
    for (const event of [
      { id: "evt_bad_1", object: "event", type: "invoice.paid", data: { object: null } },
      { id: "evt_bad_2", object: "event", type: "customer.subscription.deleted", data: { object: "x" } },
      { id: "evt_bad_3", object: "event", type: "customer.subscription.updated", data: { object: {} } },
      { id: "evt_bad_4", object: "event", type: "unknown\u0000", data: { object: {} } },
      { id: [1, 2], object: "event", type: "invoice.paid", data: { object: {} } },
      { object: "event", type: "invoice.paid", data: { object: {} } },
    ]) {
      const res = await deliver(event);
      expect(res.status, JSON.stringify(event)).toBe(400);
      expect((await errorOf(res)).message).toBe("Malformed Stripe event");
    }
    expect(await db.stripeEvent.count()).toBe(before);
    // An event type nobody handles is still acknowledged (Stripe stops retrying it).
    const ignored = await deliver({
      id: "evt_ok_1",
      object: "event",
      type: "charge.refunded",
      data: { object: {} },
    });
    expect(ignored.status).toBe(200);
  });
});

describe("next-auth routes", () => {
  const ctx = (...nextauth: string[]) => ({ params: Promise.resolve({ nextauth }) });

  it("answer malformed JSON bodies and NUL fields with the API's 400 (next-auth threw a 500)", async () => {
    const malformed = await nextAuthPost(
      apiRequest("/api/auth/callback/credentials", { rawBody: '{"a":}' }),
      ctx("callback", "credentials"),
    );
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe("invalid_json");
    const nul = await nextAuthPost(
      apiRequest("/api/auth/signin/email", {
        rawBody: "csrfToken=x&email=a%00b%40example.com",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      ctx("signin", "email"),
    );
    expect(nul.status).toBe(400);
    expect((await errorOf(nul)).message).toContain("email");
    expect(await db.verificationToken.count({ where: { identifier: { contains: "example.com" } } })).toBe(0);
  });

  it("refuse a callbackUrl next-auth cannot use, in the query, the body or its cookie", async () => {
    const query = await nextAuthGet(apiRequest("/api/auth/signin?callbackUrl=%F0%9F%98%80"), ctx("signin"));
    expect(query.status).toBe(400);
    expect((await errorOf(query)).message).toMatch(/callbackUrl/);
    const body = await nextAuthPost(
      apiRequest("/api/auth/signin/email", {
        rawBody: "csrfToken=x&email=a%40example.com&callbackUrl=%25ED%25A0%2580",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      ctx("signin", "email"),
    );
    expect(body.status).toBe(400);
    const cookie = await nextAuthGet(
      apiRequest("/api/auth/session", {
        headers: { cookie: "next-auth.callback-url=javascript%3Aalert(1)" },
      }),
      ctx("session"),
    );
    expect(cookie.status).toBe(400);
  });
});

describe("a client that disconnects mid-request", () => {
  const route = withWorkspace(
    { feature: "custom_api", body: z.object({ eventId: z.string() }) },
    async ({ body }) => json(body, 201),
  );

  function uploadThatFails(error: unknown, signal?: AbortSignal) {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"eventId":'));
          return;
        }
        controller.error(error);
      },
    });
    return new Request("http://localhost:3000/api/v1/x", {
      method: "POST",
      headers: { authorization: `Bearer ${ws.apiKey.key}`, "content-type": "application/json" },
      body,
      signal,
      duplex: "half",
    } as RequestInit);
  }

  function logs() {
    const info = vi.spyOn(logger, "info");
    const error = vi.spyOn(logger, "error");
    const messages = (spy: typeof info) => spy.mock.calls.map((c) => c[1]);
    return { info: () => messages(info), error: () => messages(error), infoCalls: info.mock.calls };
  }

  it("is logged at info as client_closed (499), not as an unhandled error with a 500", async () => {
    const log = logs();
    const reset = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    const res = await route(uploadThatFails(reset));
    expect(res.status).toBe(499);
    expect(log.info()).toContain("client_closed");
    expect(log.error()).toEqual([]);
    expect(log.infoCalls.find((c) => c[1] === "client_closed")?.[0]).toMatchObject({
      status: 499,
      method: "POST",
      path: "/api/v1/x",
    });
  });

  it("also when the request's signal is aborted while its body is read", async () => {
    const log = logs();
    const controller = new AbortController();
    const abort = new DOMException("The operation was aborted.", "AbortError");
    const req = uploadThatFails(abort, controller.signal);
    controller.abort();
    const res = await route(req);
    expect(res.status).toBe(499);
    expect(log.info()).toContain("client_closed");
    expect(log.error()).toEqual([]);
  });

  it("while a normal bad request still logs as before", async () => {
    const log = logs();
    const bad = await route(apiRequest("/api/v1/x", { apiKey: ws.apiKey.key, rawBody: '{"eventId":' }));
    expect(bad.status).toBe(400);
    expect(log.info()).toEqual(["api request"]);
    const boom = withWorkspace({}, async () => {
      throw new Error("a real bug");
    });
    const res = await boom(apiRequest("/api/v1/x", { apiKey: ws.apiKey.key }));
    expect(res.status).toBe(500);
    expect(log.error()).toEqual(["unhandled error in API route"]);
  });
});
