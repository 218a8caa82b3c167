// The hosted cancellation flow end to end through its real route handlers and domain functions,
// on a real Postgres: cancel links, the customer's form posts, the signed result, verification,
// session diagnostics, the expire-sessions job and its cron route, and the reasons/offers CLI.
import { createHash } from "node:crypto";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import DoneStep from "@/app/(cancel)/s/[token]/done/page";
import { POST as submitRoute } from "@/app/(cancel)/s/[token]/submit/route";
import { GET as cronExpire } from "@/app/api/cron/expire-sessions/route";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { POST as verifyRoute } from "@/app/api/v1/cancel-results/verify/route";
import { GET as sessionRoute } from "@/app/api/v1/cancel-sessions/[id]/route";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { db } from "@/lib/db";
import { finishedResult, loadFlow, markOfferShown } from "@/lib/domain/cancel-sessions/flow";
import { signResultToken } from "@/lib/domain/cancel-sessions/result-token";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { rotateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { resetEnvCache } from "@/lib/env";
import { expireSessions } from "@/lib/jobs/expire-sessions";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";
import { rb } from "../helpers/run-script";

// The step pages read the CSP nonce from the request headers; rendered here outside a request.
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => new Headers(),
}));

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;

// Return URLs stay on loopback: nothing here ever fetches them, and nothing may leave the machine.
const RETURN_URL = "http://localhost:4190/account?tab=billing";
const RETURN_ORIGIN = "http://localhost:4190";
const CANCEL_ORIGIN = "http://cancel.localhost:3000";

let advanced: Ws;
let core: Ws;
let discountLabel: string;

beforeAll(async () => {
  advanced = await createTestWorkspace({
    plan: "advanced",
    returnUrls: [RETURN_URL, "http://127.0.0.1:4191/elsewhere"],
  });
  core = await createTestWorkspace({ plan: "core", returnUrls: [RETURN_URL] });
  discountLabel = "50% off your next 3 months";
  await createOffer(advanced.workspace.id, {
    type: "discount",
    label: discountLabel,
    terms: { percentOff: 50, durationMonths: 3 },
    termsText: "Applied to your next three invoices.",
    reasonKey: "too_expensive",
  });
});

const cancelLink = (key: string | undefined, body: unknown, headers?: Record<string, string>) =>
  cancelLinkRoute(apiRequest("/api/v1/cancel-link", { apiKey: key, body, headers }));

async function newLink(ws: Ws = advanced, body: Record<string, unknown> = {}) {
  const res = await cancelLink(ws.apiKey.key, { userId: "user_42", ...body });
  expect(res.status).toBe(200);
  const link = (await res.json()) as {
    url: string;
    expires_at: string;
    environment: string;
    session_id: string;
  };
  const token = new URL(link.url).pathname.split("/").pop()!;
  return { ...link, token };
}

/** What the customer's browser does on a page view: the step page marks the session opened. */
async function view(token: string) {
  const found = await loadFlow(token, { open: true });
  if (found.kind === "ok" && found.step === "offer") await markOfferShown(found.session);
  return found;
}

/** A form post from a hosted-flow page, as a browser sends it. */
function submit(token: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return submitRoute(
    new Request(`${CANCEL_ORIGIN}/s/${token}/submit`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        host: "cancel.localhost:3000",
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    }),
    routeParams({ token }),
  );
}

function location(res: Response) {
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}

/** The way back a finished session's receipt page offers (with the result token while it is valid). */
async function returnFromDone(token: string) {
  const found = await loadFlow(token);
  if (found.kind !== "ok") throw new Error(`no session: ${found.kind}`);
  const result = await finishedResult(found.session);
  if (result.kind !== "result") throw new Error("the link has expired");
  return result.returnUrl;
}

/**
 * The final confirm: it lands on the receipt page on the cancel host (never straight on the return
 * URL); the way back with the result token is the "Return to …" link there.
 */
async function confirmBack(token: string, headers: Record<string, string> = {}) {
  expect(location(await submit(token, { action: "confirm" }, headers))).toBe(`/s/${token}/done`);
  return returnFromDone(token);
}

function tokenFrom(returnLocation: string) {
  const url = new URL(returnLocation);
  const hash = new URLSearchParams(url.hash.slice(1));
  return hash.get("ci_result_token")!;
}

const past = () => new Date(Date.now() - 60_000);
const keyOf = (secret: string) => new TextEncoder().encode(secret);

async function verifyLocally(jws: string, ws: Ws) {
  return jwtVerify(jws, keyOf(ws.signingSecret), {
    algorithms: ["HS256"],
    audience: ws.workspace.workspaceKey,
    issuer: "retentbase",
  });
}

const verify = (key: string | undefined, body: unknown) =>
  verifyRoute(apiRequest("/api/v1/cancel-results/verify", { apiKey: key, body }));

const diagnostics = (key: string, id: string) =>
  sessionRoute(apiRequest(`/api/v1/cancel-sessions/${id}`, { apiKey: key }), routeParams({ id }));

async function eventsOf(sessionId: string) {
  const events = await db.cancellationEvent.findMany({ where: { cancelSessionId: sessionId } });
  const outbox = await db.webhookEvent.findMany({ where: { cancelSessionId: sessionId } });
  return { events, outbox };
}

/** Rows of every table in the schema whose text contains `needle`. */
async function tablesContaining(needle: string) {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from "${table_name}" t where t::text like $1`,
      `%${needle}%`,
    );
    if (Number(rows[0]!.n) > 0) hits.push(table_name);
  }
  return hits;
}

describe("POST /api/v1/cancel-link", () => {
  it("200: a one-hour link on the cancel host; the database keeps only the token's SHA-256", async () => {
    const res = await cancelLink(advanced.apiKey.key, {
      userId: "cus_123",
      environment: "sandbox",
      context: { plan: "pro", mrr: 129.5, tenureDays: 42 },
      metadata: { source: "billing_page", attempt: 1 },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual([
      "compliance_mode",
      "environment",
      "expires_at",
      "locale",
      "session_id",
      "url",
    ]);
    expect(body.environment).toBe("sandbox");
    expect(body.session_id).toMatch(/^cs_/);
    expect(body.url).toMatch(/^http:\/\/cancel\.localhost:3000\/s\/[A-Za-z0-9_-]{43}$/);
    const token = body.url.split("/s/")[1];

    const row = await db.cancelSession.findUniqueOrThrow({ where: { id: body.session_id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row.expiresAt.toISOString()).toBe(body.expires_at);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(60 * 60 * 1000);
    expect(row).toMatchObject({
      workspaceId: advanced.workspace.id,
      userId: "cus_123",
      environment: "sandbox",
      status: "created",
      plan: "pro",
      tenureDays: 42,
      returnUrl: RETURN_URL,
      metadata: { source: "billing_page", attempt: 1 },
    });
    expect(row.mrr?.toString()).toBe("129.5");
    // Nowhere in the database is there a working link.
    expect(await tablesContaining(token)).toEqual([]);
  });

  it("every link has its own token and session", async () => {
    const a = await newLink();
    const b = await newLink();
    expect(a.token).not.toBe(b.token);
    expect(a.session_id).not.toBe(b.session_id);
    expect(a.environment).toBe("prod");
  });

  it("an allowlisted returnUrl overrides the default", async () => {
    const link = await newLink(advanced, { returnUrl: "http://127.0.0.1:4191/elsewhere?x=1" });
    const row = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(row.returnUrl).toBe("http://127.0.0.1:4191/elsewhere?x=1");
  });

  it("Core workspaces get links too (hosted flow is on every plan)", async () => {
    const res = await cancelLink(core.apiKey.key, { userId: "u1" });
    expect(res.status).toBe(200);
  });

  it("400: a returnUrl off the allowlist names the allowed hosts", async () => {
    for (const returnUrl of [
      "http://localhost:4999/account", // same host, other port
      "https://localhost:4190/account", // other scheme
      "http://127.0.0.2:4190/account",
    ]) {
      const res = await cancelLink(advanced.apiKey.key, { userId: "u1", returnUrl });
      expect(res.status, returnUrl).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toMatch(/returnUrl/);
      expect(body.error.details.allowedReturnHosts.sort()).toEqual(
        [RETURN_ORIGIN, "http://127.0.0.1:4191"].sort(),
      );
    }
    expect(
      await db.cancelSession.count({ where: { userId: "u1", workspaceId: advanced.workspace.id } }),
    ).toBe(0);
  });

  const invalid: [string, unknown, RegExp][] = [
    ["missing userId", {}, /userId/],
    ["blank userId", { userId: "  " }, /userId/],
    ["returnUrl not a URL", { userId: "u", returnUrl: "account" }, /returnUrl/],
    ["javascript: returnUrl", { userId: "u", returnUrl: "javascript:alert(1)" }, /returnUrl/],
    ["bad environment", { userId: "u", environment: "staging" }, /environment/],
    ["negative mrr", { userId: "u", context: { mrr: -5 } }, /context\.mrr/],
    ["fractional tenure", { userId: "u", context: { tenureDays: 2.5 } }, /context\.tenureDays/],
    ["nested metadata", { userId: "u", metadata: { a: { b: 1 } } }, /metadata/],
    ["unknown field", { userId: "u", return_url: RETURN_URL }, /return_url/],
  ];
  for (const [name, body, message] of invalid) {
    it(`400: ${name}`, async () => {
      const res = await cancelLink(advanced.apiKey.key, body);
      expect(res.status).toBe(400);
      const b = await res.json();
      expect(b.error.code).toBe("invalid_request");
      expect(b.error.message).toMatch(message);
    });
  }

  it("400: malformed JSON", async () => {
    const res = await cancelLinkRoute(
      apiRequest("/api/v1/cancel-link", { apiKey: advanced.apiKey.key, rawBody: "{userId:" }),
    );
    expect(res.status).toBe(400);
  });

  it("401: no key, an unknown key", async () => {
    const none = await cancelLink(undefined, { userId: "u" });
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized");
    const wrong = await cancelLink("rb_live_notarealkeynotarealkeynotarealkeynotareal", { userId: "u" });
    expect(wrong.status).toBe(401);
  });

  it("402: a read-only workspace (subscription ended) gets no links", async () => {
    const expired = await createTestWorkspace({ subscription: "expired", returnUrls: [RETURN_URL] });
    const res = await cancelLink(expired.apiKey.key, { userId: "u" });
    expect(res.status).toBe(402);
    expect((await res.json()).error.code).toBe("subscription_inactive");
    expect(await db.cancelSession.count({ where: { workspaceId: expired.workspace.id } })).toBe(0);
  });

  it("403: the demo workspace", async () => {
    const demo = await createTestWorkspace({ isDemo: true, returnUrls: [RETURN_URL] });
    const res = await cancelLink(demo.apiKey.key, { userId: "u" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("demo_workspace");
    expect(await db.cancelSession.count({ where: { workspaceId: demo.workspace.id } })).toBe(0);
  });

  it("409: no default return URL and none given; giving one that is allowlisted works", async () => {
    const bare = await createTestWorkspace({ returnUrls: [] });
    const res = await cancelLink(bare.apiKey.key, { userId: "u" });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("no_default_return_url");
    // Nothing is allowlisted either, so an explicit URL is a 400, not a way around the allowlist.
    const explicit = await cancelLink(bare.apiKey.key, { userId: "u", returnUrl: RETURN_URL });
    expect(explicit.status).toBe(400);
  });

  it("415: not JSON", async () => {
    const res = await cancelLinkRoute(
      apiRequest("/api/v1/cancel-link", {
        apiKey: advanced.apiKey.key,
        rawBody: "userId=u",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("unsupported_media_type");
  });

  it("429: over the per-key rate limit, with Retry-After", async () => {
    const limited = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    process.env.RATE_LIMIT_PER_MINUTE = "2";
    resetEnvCache();
    resetRateLimiters();
    try {
      expect((await cancelLink(limited.apiKey.key, { userId: "u" })).status).toBe(200);
      expect((await cancelLink(limited.apiKey.key, { userId: "u" })).status).toBe(200);
      const third = await cancelLink(limited.apiKey.key, { userId: "u" });
      expect(third.status).toBe(429);
      expect((await third.json()).error.code).toBe("rate_limited");
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await db.cancelSession.count({ where: { workspaceId: limited.workspace.id } })).toBe(2);
    } finally {
      delete process.env.RATE_LIMIT_PER_MINUTE;
      resetEnvCache();
      resetRateLimiters();
    }
  });
});

describe("the customer's form posts (submit route)", () => {
  it("save path: reason → offer → accept → back to the return URL with a signed result", async () => {
    const link = await newLink(advanced, { userId: "cus_save", context: { plan: "pro", mrr: 80 } });
    expect((await view(link.token)).kind).toBe("ok");

    const toOffer = location(await submit(link.token, { action: "reason", reasonKey: "too_expensive" }));
    expect(toOffer).toBe(`/s/${link.token}/offer`);
    const onOffer = await view(link.token);
    expect(onOffer.kind === "ok" && onOffer.step).toBe("offer");

    const back = location(await submit(link.token, { action: "accept" }));
    const url = new URL(back);
    expect(url.origin + url.pathname + url.search).toBe(RETURN_URL);
    expect(url.hash).toMatch(/^#ci_result_token=[\w-]+\.[\w-]+\.[\w-]+$/);

    const jws = tokenFrom(back);
    expect(decodeProtectedHeader(jws).alg).toBe("HS256");
    const { payload } = await verifyLocally(jws, advanced);
    expect(payload).toMatchObject({
      iss: "retentbase",
      aud: advanced.workspace.workspaceKey,
      sub: "cus_save",
      sid: link.session_id,
      env: "prod",
      outcome: "recovered",
      reasonKey: "too_expensive",
      offer: { type: "discount", label: discountLabel, accepted: true },
    });
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
    expect(payload.jti).toEqual(expect.any(String));

    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(session).toMatchObject({ status: "completed", outcome: "recovered", offerAccepted: true });
    expect(session.resultTokenJti).toBe(payload.jti);

    const { events, outbox } = await eventsOf(link.session_id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      workspaceId: advanced.workspace.id,
      source: "hosted",
      eventId: link.session_id,
      userId: "cus_save",
      reasonKey: "too_expensive",
      outcome: "recovered",
      offerType: "discount",
      offerAccepted: true,
      offerLabel: discountLabel,
      plan: "pro",
    });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: "cancellation.created", cancellationEventId: events[0]!.id });
    const payloadSent = JSON.parse(outbox[0]!.payload);
    expect(payloadSent.data.cancellation).toMatchObject({
      id: events[0]!.id,
      source: "hosted",
      outcome: "recovered",
      offer: { type: "discount", accepted: true, label: discountLabel },
    });
  });

  it("cancel path: a reason with no offer → confirm → churned", async () => {
    const link = await newLink(advanced, { userId: "cus_churn" });
    await view(link.token);
    const toConfirm = location(
      await submit(link.token, { action: "reason", reasonKey: "not_using", reasonText: "  Busy season  " }),
    );
    expect(toConfirm).toBe(`/s/${link.token}/confirm`);
    const back = await confirmBack(link.token);
    expect(back.startsWith(`${RETURN_URL}#ci_result_token=`)).toBe(true);

    const { payload } = await verifyLocally(tokenFrom(back), advanced);
    expect(payload).toMatchObject({
      sub: "cus_churn",
      outcome: "churned",
      reasonKey: "not_using",
      offer: null,
    });

    const { events, outbox } = await eventsOf(link.session_id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: "churned",
      reasonKey: "not_using",
      reasonText: "Busy season",
      offerType: "none",
      offerAccepted: false,
    });
    expect(outbox).toHaveLength(1);
  });

  it("declining the offer, then confirming: churned, with the offer recorded as declined", async () => {
    const link = await newLink();
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "too_expensive" }));
    await view(link.token);
    expect(location(await submit(link.token, { action: "decline" }))).toBe(`/s/${link.token}/confirm`);
    // Declining twice (a reload) records it once.
    expect(location(await submit(link.token, { action: "decline" }))).toBe(`/s/${link.token}/confirm`);
    const back = await confirmBack(link.token);
    const { payload } = await verifyLocally(tokenFrom(back), advanced);
    expect(payload).toMatchObject({
      outcome: "churned",
      offer: { type: "discount", label: discountLabel, accepted: false },
    });
    const { events } = await eventsOf(link.session_id);
    expect(events[0]).toMatchObject({ offerType: "discount", offerAccepted: false, outcome: "churned" });
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    const steps = (session.timeline as { step: string }[]).map((e) => e.step);
    expect(steps.filter((s) => s === "offer_declined")).toHaveLength(1);
  });

  it("going back and choosing another reason replaces the reason, and keeps the offer already shown", async () => {
    const link = await newLink();
    await view(link.token);
    location(
      await submit(link.token, { action: "reason", reasonKey: "too_expensive", reasonText: "pricey" }),
    );
    // Back on the reason page, the earlier choice is still there…
    const back = await view(link.token);
    expect(back.kind === "ok" && back.session.reasonKey).toBe("too_expensive");
    expect(back.kind === "ok" && back.session.reasonText).toBe("pricey");
    // …and another reason (which has no offer of its own) keeps the offer on screen: one offer
    // decision per session.
    expect(location(await submit(link.token, { action: "reason", reasonKey: "other" }))).toBe(
      `/s/${link.token}/offer`,
    );
    const again = await view(link.token);
    expect(again.kind === "ok" && again.session.reasonKey).toBe("other");
    expect(again.kind === "ok" && again.session.reasonText).toBeNull();
    expect(again.kind === "ok" && again.session.offerLabel).toBe(discountLabel);
    location(await submit(link.token, { action: "decline" }));
    const result = await confirmBack(link.token);
    const { payload } = await verifyLocally(tokenFrom(result), advanced);
    expect(payload).toMatchObject({
      reasonKey: "other",
      offer: { type: "discount", label: discountLabel, accepted: false },
      outcome: "churned",
    });
  });

  it("a first reason without an offer can be replaced by one with an offer", async () => {
    const link = await newLink();
    await view(link.token);
    expect(location(await submit(link.token, { action: "reason", reasonKey: "other" }))).toBe(
      `/s/${link.token}/confirm`,
    );
    expect(location(await submit(link.token, { action: "reason", reasonKey: "too_expensive" }))).toBe(
      `/s/${link.token}/offer`,
    );
    const again = await view(link.token);
    expect(again.kind === "ok" && again.session).toMatchObject({
      reasonKey: "too_expensive",
      offerLabel: discountLabel,
      noOfferReason: null,
    });
    // Declined, not accepted: an accepted offer would put user_42 in the cooldown for later tests.
    location(await submit(link.token, { action: "decline" }));
    const result = await confirmBack(link.token);
    const { payload } = await verifyLocally(tokenFrom(result), advanced);
    expect(payload).toMatchObject({
      reasonKey: "too_expensive",
      offer: { type: "discount", accepted: false },
      outcome: "churned",
    });
  });

  it("offers follow targeting: the customer's plan and MRR decide", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    await createOffer(ws.workspace.id, {
      type: "pause",
      terms: { maxMonths: 3 },
      label: "Pause for 2 months",
      reasonKey: "temporary",
      targeting: { plans: ["team"], minMrr: 100 },
    });
    const match = await newLink(ws, { context: { plan: "team", mrr: 150 } });
    await view(match.token);
    expect(location(await submit(match.token, { action: "reason", reasonKey: "temporary" }))).toBe(
      `/s/${match.token}/offer`,
    );
    const small = await newLink(ws, { context: { plan: "team", mrr: 20 } });
    await view(small.token);
    expect(location(await submit(small.token, { action: "reason", reasonKey: "temporary" }))).toBe(
      `/s/${small.token}/confirm`,
    );
    // No context at all: an offer with conditions is never shown on a guess.
    const unknown = await newLink(ws);
    await view(unknown.token);
    expect(location(await submit(unknown.token, { action: "reason", reasonKey: "temporary" }))).toBe(
      `/s/${unknown.token}/confirm`,
    );
  });

  it("a return URL's own fragment is replaced by the result; revisiting shows the same valid result", async () => {
    const link = await newLink(advanced, {
      returnUrl: "http://localhost:4190/account#plan",
      userId: "cus_frag",
    });
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "not_using" }));
    const back = await confirmBack(link.token);
    expect(back).toMatch(/^http:\/\/localhost:4190\/account#ci_result_token=[^#]+$/);

    // The done page's "Return to …" link carries the same result (within the token's 15 minutes).
    const done = await view(link.token);
    if (done.kind !== "ok") throw new Error("expected the finished session");
    expect(done.step).toBe("done");
    const shown = await finishedResult(done.session, new Date(done.session.completedAt!.getTime() + 60_000));
    if (shown.kind !== "result") throw new Error("expected the result");
    const again = shown.returnUrl;
    expect(again.startsWith("http://localhost:4190/account#ci_result_token=")).toBe(true);
    const first = (await verifyLocally(tokenFrom(back), advanced)).payload;
    const second = (await verifyLocally(tokenFrom(again), advanced)).payload;
    const { jti: _a, iat: _b, exp: _c, ...firstClaims } = first;
    const { jti: _d, iat: _e, exp: _f, ...secondClaims } = second;
    expect(secondClaims).toEqual(firstClaims);
    expect((await eventsOf(link.session_id)).events).toHaveLength(1);
  });

  it("a finished session never finishes twice: repeated posts create no second event or webhook", async () => {
    const link = await newLink();
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "not_using" }));
    const first = await confirmBack(link.token);
    expect(first.startsWith(RETURN_URL)).toBe(true);

    const repeats: Record<string, string>[] = [
      { action: "confirm" },
      { action: "accept" },
      { action: "decline" },
      { action: "reason", reasonKey: "too_expensive" },
    ];
    for (const form of repeats) {
      expect(location(await submit(link.token, form)), form.action).toBe(`/s/${link.token}/done`);
    }
    const { events, outbox } = await eventsOf(link.session_id);
    expect(events).toHaveLength(1);
    expect(outbox).toHaveLength(1);
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(session).toMatchObject({ status: "completed", outcome: "churned", reasonKey: "not_using" });
    // Revisiting the link shows the result, not the first step.
    const again = await view(link.token);
    expect(again.kind === "ok" && again.step).toBe("done");
  });

  it("a double click (simultaneous confirms) finishes once", async () => {
    const link = await newLink();
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "other" }));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => submit(link.token, { action: "confirm" }).then(location)),
    );
    // Every one lands on the receipt page; one finished the session.
    expect(results.filter((l) => l === `/s/${link.token}/done`)).toHaveLength(8);
    const { events, outbox } = await eventsOf(link.session_id);
    expect(events).toHaveLength(1);
    expect(outbox).toHaveLength(1);
  });

  it("a cross-site Origin is refused and changes nothing; same-origin and opaque (no-referrer) origins work", async () => {
    const link = await newLink();
    await view(link.token);
    const evil = await submit(
      link.token,
      { action: "reason", reasonKey: "not_using" },
      { origin: "http://localhost:4666" },
    );
    expect(evil.status).toBe(403);
    const untouched = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(untouched.reasonKey).toBeNull();

    expect(
      location(
        await submit(link.token, { action: "reason", reasonKey: "not_using" }, { origin: CANCEL_ORIGIN }),
      ),
    ).toBe(`/s/${link.token}/confirm`);
    // Under Referrer-Policy: no-referrer a browser sends `Origin: null` on its own form posts.
    const evilConfirm = await submit(link.token, { action: "confirm" }, { origin: "http://127.0.0.1:4666" });
    expect(evilConfirm.status).toBe(403);
    expect((await eventsOf(link.session_id)).events).toHaveLength(0);
    expect(await confirmBack(link.token, { origin: "null" })).toMatch(/#ci_result_token=/);
  });

  it("invalid posts send the customer back to the step with an error", async () => {
    const link = await newLink();
    await view(link.token);
    expect(location(await submit(link.token, { action: "reason", reasonKey: "made_up" }))).toBe(
      `/s/${link.token}?error=reason`,
    );
    expect(location(await submit(link.token, { action: "reason" }))).toBe(`/s/${link.token}?error=reason`);
    expect(
      location(
        await submit(link.token, { action: "reason", reasonKey: "other", reasonText: "x".repeat(2001) }),
      ),
    ).toBe(`/s/${link.token}?error=text`);
    expect(location(await submit(link.token, { action: "delete_everything" }))).toBe(`/s/${link.token}`);
    // Skipping ahead does nothing: confirm before a reason, accept with no offer (the reason step
    // explains why the customer is back there).
    expect(location(await submit(link.token, { action: "confirm" }))).toBe(`/s/${link.token}?error=order`);
    expect(location(await submit(link.token, { action: "accept" }))).toBe(`/s/${link.token}?error=order`);
    // A disabled reason cannot be chosen.
    await db.reason.update({
      where: { workspaceId_key: { workspaceId: advanced.workspace.id, key: "technical_issues" } },
      data: { enabled: false },
    });
    try {
      expect(location(await submit(link.token, { action: "reason", reasonKey: "technical_issues" }))).toBe(
        `/s/${link.token}?error=reason`,
      );
    } finally {
      await db.reason.update({
        where: { workspaceId_key: { workspaceId: advanced.workspace.id, key: "technical_issues" } },
        data: { enabled: true },
      });
    }
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(session).toMatchObject({ status: "opened", reasonKey: null });
    expect((await eventsOf(link.session_id)).events).toHaveLength(0);
  });

  it("unknown and expired links: back to the link (which shows the 404 page), nothing recorded", async () => {
    const unknown = "A".repeat(43);
    expect(location(await submit(unknown, { action: "confirm" }))).toBe(`/s/${unknown}`);
    expect((await loadFlow(unknown)).kind).toBe("not_found");
    expect((await loadFlow("short")).kind).toBe("not_found");

    const link = await newLink();
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "other" }));
    await db.cancelSession.update({
      where: { id: link.session_id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await loadFlow(link.token)).kind).toBe("expired");
    expect(location(await submit(link.token, { action: "confirm" }))).toBe(`/s/${link.token}`);
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(session.status).toBe("opened");
    expect((await eventsOf(link.session_id)).events).toHaveLength(0);
  });
});

describe("step order: each post must be the session's next step", () => {
  /** Timeline steps, the session's offer state and what was recorded: all a refused post may not touch. */
  async function stateOf(sessionId: string) {
    const s = await db.cancelSession.findUniqueOrThrow({ where: { id: sessionId } });
    return {
      status: s.status,
      outcome: s.outcome,
      reasonKey: s.reasonKey,
      offerId: s.offerId,
      offerAccepted: s.offerAccepted,
      // Every post is recorded as an "action" (refused ones too): the state is everything else.
      steps: (s.timeline as { step: string }[]).map((e) => e.step).filter((step) => step !== "action"),
      ...(await eventsOf(sessionId)),
    };
  }

  /** A link whose customer chose the offer's reason; the offer page is not viewed yet. */
  async function offerPending() {
    const link = await newLink();
    await view(link.token);
    expect(location(await submit(link.token, { action: "reason", reasonKey: "too_expensive" }))).toBe(
      `/s/${link.token}/offer`,
    );
    return link;
  }

  it("confirm while an offer is pending and not yet shown: back to the offer with an explanation, nothing recorded", async () => {
    const link = await offerPending();
    const before = await stateOf(link.session_id);
    expect(location(await submit(link.token, { action: "confirm" }))).toBe(
      `/s/${link.token}/offer?error=order`,
    );
    const after = await stateOf(link.session_id);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ status: "opened", outcome: null, offerAccepted: null, events: [] });
    expect(after.steps).not.toContain("offer_declined");
  });

  it("confirm while the offer is shown but not answered: refused too (decline comes first)", async () => {
    const link = await offerPending();
    await view(link.token); // the offer page
    const before = await stateOf(link.session_id);
    expect(location(await submit(link.token, { action: "confirm" }))).toBe(
      `/s/${link.token}/offer?error=order`,
    );
    expect(await stateOf(link.session_id)).toEqual(before);
    // Answering the offer opens the way to confirm.
    expect(location(await submit(link.token, { action: "decline" }))).toBe(`/s/${link.token}/confirm`);
    expect(await confirmBack(link.token)).toMatch(/#ci_result_token=/);
    const done = await stateOf(link.session_id);
    expect(done.steps.filter((s) => s === "offer_declined")).toHaveLength(1);
    expect(done.steps.indexOf("offer_shown")).toBeLessThan(done.steps.indexOf("offer_declined"));
  });

  it("accept or decline an offer never shown: back to the offer, nothing recorded", async () => {
    const link = await offerPending();
    const before = await stateOf(link.session_id);
    for (const action of ["accept", "decline"]) {
      expect(location(await submit(link.token, { action })), action).toBe(
        `/s/${link.token}/offer?error=order`,
      );
      expect(await stateOf(link.session_id), action).toEqual(before);
    }
    // Once the page has shown it, accepting works.
    await view(link.token);
    expect(location(await submit(link.token, { action: "accept" }))).toMatch(/#ci_result_token=/);
    expect(await stateOf(link.session_id)).toMatchObject({ status: "completed", outcome: "recovered" });
  });

  it("accept or decline with no offer for the reason: back to confirm with an explanation", async () => {
    const link = await newLink();
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "not_using" }));
    const before = await stateOf(link.session_id);
    for (const action of ["accept", "decline"]) {
      expect(location(await submit(link.token, { action })), action).toBe(
        `/s/${link.token}/confirm?error=order`,
      );
    }
    expect(await stateOf(link.session_id)).toEqual(before);
  });

  it("anything before a reason: back to the reason step with an explanation", async () => {
    const link = await newLink();
    await view(link.token);
    const before = await stateOf(link.session_id);
    for (const action of ["confirm", "accept", "decline"]) {
      expect(location(await submit(link.token, { action })), action).toBe(`/s/${link.token}?error=order`);
    }
    expect(await stateOf(link.session_id)).toEqual(before);
  });

  it("a new reason before its offer was shown brings a new offer, which must be shown before it can be answered", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    await createOffer(ws.workspace.id, {
      type: "discount",
      terms: { percentOff: 20, durationMonths: 1 },
      label: "20% off",
      reasonKey: "too_expensive",
    });
    await createOffer(ws.workspace.id, {
      type: "pause",
      terms: { maxMonths: 3 },
      label: "Pause a month",
      reasonKey: "temporary",
    });
    const link = await newLink(ws);
    await view(link.token);
    // "20% off" is decided but the offer page never showed it (the customer came straight back).
    location(await submit(link.token, { action: "reason", reasonKey: "too_expensive" }));
    expect(location(await submit(link.token, { action: "reason", reasonKey: "temporary" }))).toBe(
      `/s/${link.token}/offer`,
    );
    // "Pause a month" was never on screen: neither it nor the earlier offer can be accepted blind.
    expect(location(await submit(link.token, { action: "accept", months: "1" }))).toBe(
      `/s/${link.token}/offer?error=order`,
    );
    expect(location(await submit(link.token, { action: "confirm" }))).toBe(
      `/s/${link.token}/offer?error=order`,
    );
    expect((await eventsOf(link.session_id)).events).toHaveLength(0);
    await view(link.token);
    // Once shown, it is the session's one offer: another reason keeps it.
    expect(location(await submit(link.token, { action: "reason", reasonKey: "too_expensive" }))).toBe(
      `/s/${link.token}/offer`,
    );
    expect(location(await submit(link.token, { action: "accept", months: "1" }))).toMatch(
      /#ci_result_token=/,
    );
    const { events } = await eventsOf(link.session_id);
    expect(events[0]).toMatchObject({
      outcome: "recovered",
      reasonKey: "too_expensive",
      offerType: "pause",
      offerLabel: "Pause a month",
    });
  });

  it("after completion: a second confirm, a reason, accept or decline land on the result and change nothing", async () => {
    const link = await newLink();
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "not_using" }));
    expect(await confirmBack(link.token)).toMatch(/#ci_result_token=/);
    const before = await stateOf(link.session_id);
    const late: Record<string, string>[] = [
      { action: "confirm" },
      { action: "reason", reasonKey: "too_expensive", reasonText: "changed my mind" },
      { action: "accept" },
      { action: "decline" },
    ];
    for (const form of late) {
      expect(location(await submit(link.token, form)), form.action).toBe(`/s/${link.token}/done`);
    }
    expect(await stateOf(link.session_id)).toEqual(before);
    expect(before).toMatchObject({ status: "completed", outcome: "churned", reasonKey: "not_using" });
  });
});

describe("POST /api/v1/cancel-results/verify", () => {
  async function finishedToken(ws: Ws = advanced) {
    const link = await newLink(ws);
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "not_using" }));
    return { link, jws: tokenFrom(await confirmBack(link.token)) };
  }

  it("a genuine token: valid, with its claims; the session records the verification", async () => {
    const { link, jws } = await finishedToken();
    const res = await verify(advanced.apiKey.key, { token: jws });
    expect(res.status).toBe(200);
    const body = await res.json();
    const { payload } = await verifyLocally(jws, advanced);
    expect(body).toEqual({
      valid: true,
      ...payload,
      firstVerifiedAt: expect.any(String),
      alreadyVerified: false,
    });
    expect(body).toMatchObject({
      sid: link.session_id,
      outcome: "churned",
      aud: advanced.workspace.workspaceKey,
    });
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(session.resultTokenVerifiedAt).not.toBeNull();
  });

  it("tampered: bad_signature", async () => {
    const { jws } = await finishedToken();
    const [h, p, s] = jws.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, outcome: "recovered" })).toString("base64url")}.${s}`;
    const res = await verify(advanced.apiKey.key, { token: forged });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ valid: false, reason: "bad_signature" });
    const flipped = `${h}.${p}.${s.startsWith("A") ? "B" : "A"}${s.slice(1)}`;
    expect(await (await verify(advanced.apiKey.key, { token: flipped })).json()).toEqual({
      valid: false,
      reason: "bad_signature",
    });
    // Signed with some other secret.
    const { token: otherKey } = await signResultToken(
      { ...claims, aud: advanced.workspace.workspaceKey },
      "whsec_not-this-workspace",
    );
    expect(await (await verify(advanced.apiKey.key, { token: otherKey })).json()).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("expired: a token signed more than 15 minutes ago", async () => {
    const { payload } = await verifyLocally((await finishedToken()).jws, advanced);
    const { token } = await signResultToken(
      {
        aud: advanced.workspace.workspaceKey,
        sub: payload.sub!,
        sid: payload.sid as string,
        env: "prod",
        outcome: "churned",
        reasonKey: "not_using",
        offer: null,
      },
      advanced.signingSecret,
      new Date(Date.now() - 16 * 60 * 1000),
    );
    expect(await (await verify(advanced.apiKey.key, { token })).json()).toEqual({
      valid: false,
      reason: "expired",
    });
  });

  it("another workspace's token: other_workspace", async () => {
    const { jws } = await finishedToken();
    expect(await (await verify(core.apiKey.key, { token: jws })).json()).toEqual({
      valid: false,
      reason: "other_workspace",
    });
  });

  it("malformed", async () => {
    for (const token of ["not-a-token", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "x"]) {
      const res = await verify(advanced.apiKey.key, { token });
      expect(res.status, token).toBe(200);
      expect(await res.json(), token).toEqual({ valid: false, reason: "malformed" });
    }
  });

  it("a token from before a rotation verifies during the 24 h overlap, and no longer after it", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const { jws: before } = await finishedToken(ws);
    const { secret: newSecret } = await rotateSigningSecret(ws.workspace.id);
    const old = await db.signingSecret.findFirstOrThrow({
      where: { workspaceId: ws.workspace.id, expiresAt: { not: null } },
    });
    expect(old.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await (await verify(ws.apiKey.key, { token: before })).json()).toMatchObject({ valid: true });

    // New results are signed with the new secret.
    const { jws: after } = await finishedToken(ws);
    await expect(verifyLocally(after, ws)).rejects.toThrow();
    await jwtVerify(after, keyOf(newSecret), { audience: ws.workspace.workspaceKey });
    expect(await (await verify(ws.apiKey.key, { token: after })).json()).toMatchObject({ valid: true });

    // Once the overlap has passed, the old secret signs nothing valid.
    await db.signingSecret.update({
      where: { id: old.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await (await verify(ws.apiKey.key, { token: before })).json()).toEqual({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("read-only and demo workspaces may still verify; 400 without a token; 401 without a key", async () => {
    const readOnly = await createTestWorkspace({ subscription: "expired", returnUrls: [RETURN_URL] });
    expect(await (await verify(readOnly.apiKey.key, { token: "x" })).json()).toEqual({
      valid: false,
      reason: "malformed",
    });
    const demo = await createTestWorkspace({ isDemo: true, returnUrls: [RETURN_URL] });
    expect((await verify(demo.apiKey.key, { token: "x" })).status).toBe(200);
    expect((await verify(advanced.apiKey.key, {})).status).toBe(400);
    expect((await verify(undefined, { token: "x" })).status).toBe(401);
  });
});

describe("a finished session's result page (/done) and its token", () => {
  const MINUTE = 60_000;

  /** A finished session: the link token, the result token it redirected with, and when that was issued. */
  async function finished(ws: Ws = advanced) {
    const link = await newLink(ws);
    await view(link.token);
    location(await submit(link.token, { action: "reason", reasonKey: "not_using" }));
    const jws = tokenFrom(await confirmBack(link.token));
    const row = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    return { link, jws, issuedAt: row.resultTokenIssuedAt!, jti: row.resultTokenJti! };
  }

  /** The done page's HTML as the customer's browser gets it, rendered with the clock at `at`. */
  async function donePage(token: string, at: Date) {
    vi.useFakeTimers({ toFake: ["Date"], now: at });
    try {
      return renderToStaticMarkup(
        await DoneStep({ params: Promise.resolve({ token }), searchParams: Promise.resolve({}) }),
      );
    } finally {
      vi.useRealTimers();
    }
  }

  /** The "Return to …" link of a done page. */
  function returnLink(html: string) {
    const href = /<a href="([^"]*)"[^>]*>Return to /.exec(html)?.[1];
    return href?.replaceAll("&amp;", "&");
  }

  it("viewed twice within the 15 minutes: the same token each time, the one the redirect carried", async () => {
    const { link, jws, issuedAt, jti } = await finished();
    const hrefs = [];
    for (const after of [1, 14]) {
      const html = await donePage(link.token, new Date(issuedAt.getTime() + after * MINUTE));
      expect(html).toContain("Your cancellation request is confirmed");
      hrefs.push(returnLink(html)!);
    }
    const tokens = hrefs.map(tokenFrom);
    expect(tokens).toEqual([jws, jws]);
    const { payload } = await verifyLocally(tokens[1]!, advanced);
    expect(payload.jti).toBe(jti);
    expect(payload.iat).toBe(Math.floor(issuedAt.getTime() / 1000));
    const row = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(row.resultTokenJti).toBe(jti);
  });

  it("after the 15-minute window: the page still says the outcome, with no token", async () => {
    const { link, issuedAt } = await finished();
    const html = await donePage(link.token, new Date(issuedAt.getTime() + 15 * MINUTE + 1000));
    expect(html).toContain("Your cancellation request is confirmed");
    expect(html).not.toContain("ci_result_token");
    // The way back to the merchant stays, without a result to act on twice.
    expect(returnLink(html)).toBe(RETURN_URL);
  });

  it("after 24 hours the link has expired: no outcome, no token, a calm explanation", async () => {
    const { link, issuedAt } = await finished();
    const justBefore = await donePage(link.token, new Date(issuedAt.getTime() + 24 * 60 * MINUTE - 1000));
    expect(justBefore).toContain("Your cancellation request is confirmed");
    const html = await donePage(link.token, new Date(issuedAt.getTime() + 24 * 60 * MINUTE));
    expect(html).toContain("This link has expired");
    expect(html).not.toContain("ci_result_token");
    expect(html).not.toContain("cancellation request is confirmed");
    expect(html).not.toContain(RETURN_URL);
    // Nothing was recorded by looking.
    expect((await eventsOf(link.session_id)).events).toHaveLength(1);
  });

  it("verify twice: the second answer says it was verified before, and when first", async () => {
    const { jws, link } = await finished();
    const first = await (await verify(advanced.apiKey.key, { token: jws })).json();
    expect(first).toMatchObject({ valid: true, sid: link.session_id, alreadyVerified: false });
    expect(first.firstVerifiedAt).toEqual(expect.any(String));
    const second = await (await verify(advanced.apiKey.key, { token: jws })).json();
    expect(second).toMatchObject({ valid: true, sid: link.session_id, alreadyVerified: true });
    expect(second.firstVerifiedAt).toBe(first.firstVerifiedAt);
    const row = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
    expect(row.resultTokenVerifiedAt?.toISOString()).toBe(first.firstVerifiedAt);
    const steps = (row.timeline as { step: string }[]).map((e) => e.step);
    expect(steps.filter((s) => s === "result_verified")).toHaveLength(1);
  });

  it("concurrent verifies of one result: exactly one is first, all report the same first time", async () => {
    const { jws } = await finished();
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => (await verify(advanced.apiKey.key, { token: jws })).json()),
    );
    expect(answers.filter((a) => a.alreadyVerified === false)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.firstVerifiedAt)).size).toBe(1);
  });
});

describe("GET /api/v1/cancel-sessions/:id", () => {
  it("tells the story of a session: steps in order, reason, offer, outcome, result token", async () => {
    const link = await newLink(advanced, {
      userId: "cus_diag",
      context: { plan: "pro", mrr: 49.9, tenureDays: 3 },
      metadata: { ref: "x1" },
    });
    const fresh = await (await diagnostics(advanced.apiKey.key, link.session_id)).json();
    expect(fresh).toMatchObject({
      status: "created",
      openedAt: null,
      outcome: null,
      reason: null,
      offer: null,
    });
    expect(fresh.timeline.map((e: { step: string }) => e.step)).toEqual(["created"]);

    await view(link.token);
    location(
      await submit(link.token, { action: "reason", reasonKey: "too_expensive", reasonText: "budget" }),
    );
    await view(link.token);
    await view(link.token); // the offer page shown again is recorded once
    const jws = tokenFrom(location(await submit(link.token, { action: "accept" })));

    const before = await (await diagnostics(advanced.apiKey.key, link.session_id)).json();
    expect(before.resultToken.issuedAt).toEqual(expect.any(String));
    expect(before.resultToken.verifiedAt).toBeNull();
    await verify(advanced.apiKey.key, { token: jws });

    const res = await diagnostics(advanced.apiKey.key, link.session_id);
    expect(res.status).toBe(200);
    const d = await res.json();
    expect(d).toMatchObject({
      id: link.session_id,
      status: "completed",
      environment: "prod",
      userId: "cus_diag",
      context: { plan: "pro", mrr: 49.9, tenureDays: 3 },
      metadata: { ref: "x1" },
      returnHost: RETURN_ORIGIN,
      reason: { key: "too_expensive", text: "budget" },
      offer: { type: "discount", label: discountLabel, accepted: true },
      outcome: "recovered",
      cancellation: { eventId: link.session_id, outcome: "recovered" },
    });
    expect(d.openedAt).toEqual(expect.any(String));
    expect(d.completedAt).toEqual(expect.any(String));
    expect(d.resultToken.issuedAt).toBe(before.resultToken.issuedAt);
    expect(d.resultToken.verifiedAt).toEqual(expect.any(String));
    const steps = d.timeline.map((e: { step: string }) => e.step);
    expect(steps).toEqual([
      "created",
      "opened",
      "action",
      "reason_selected",
      "offer_shown",
      "action",
      "offer_accepted",
      "completed",
      "result_verified",
    ]);
    // The clicks, as the compliance record counts them: what, from which page, whether taken.
    expect(
      d.timeline.filter((e: { step: string }) => e.step === "action").map((e: { data: unknown }) => e.data),
    ).toEqual([
      { action: "reason", page: "reason", accepted: true },
      { action: "accept", page: "offer", accepted: true },
    ]);
    const times = d.timeline.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Only the return host, never the full return URL or the link token.
    const text = JSON.stringify(d);
    expect(text).not.toContain(link.token);
    expect(text).not.toContain("tab=billing");
  });

  it("an expired session reads as expired", async () => {
    const link = await newLink();
    await db.cancelSession.update({
      where: { id: link.session_id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await (await diagnostics(advanced.apiKey.key, link.session_id)).json()).status).toBe("expired");
  });

  it("403 on Core, 404 for another workspace's session or none, 400 for a malformed id", async () => {
    const link = await newLink();
    const coreRes = await diagnostics(core.apiKey.key, link.session_id);
    expect(coreRes.status).toBe(403);
    expect((await coreRes.json()).error.code).toBe("plan_required");

    const other = await createTestWorkspace({ plan: "advanced", returnUrls: [RETURN_URL] });
    const otherRes = await diagnostics(other.apiKey.key, link.session_id);
    expect(otherRes.status).toBe(404);
    expect((await otherRes.json()).error.code).toBe("not_found");
    expect((await diagnostics(advanced.apiKey.key, "cs_doesnotexist123")).status).toBe(404);

    for (const id of ["ce_123", "not-an-id", "cs_", "cs_abc-def"]) {
      expect((await diagnostics(advanced.apiKey.key, id)).status, id).toBe(400);
    }
    expect(
      (
        await sessionRoute(
          apiRequest(`/api/v1/cancel-sessions/${link.session_id}`),
          routeParams({ id: link.session_id }),
        )
      ).status,
    ).toBe(401);
  });
});

describe("expire-sessions job", () => {
  it("opened → abandoned event with its outbox row; never opened → just expired; finished untouched; twice = no change", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const neverOpened = await newLink(ws, { userId: "cus_never" });
    const opened = await newLink(ws, { userId: "cus_opened", context: { plan: "pro", mrr: 30 } });
    const finished = await newLink(ws, { userId: "cus_done" });
    const stillValid = await newLink(ws, { userId: "cus_later" });

    await view(opened.token);
    location(await submit(opened.token, { action: "reason", reasonKey: "missing_features" }));
    await view(stillValid.token);
    await view(finished.token);
    location(await submit(finished.token, { action: "reason", reasonKey: "other" }));
    location(await submit(finished.token, { action: "confirm" }));
    const openedExpiry = past();
    await db.cancelSession.update({ where: { id: opened.session_id }, data: { expiresAt: openedExpiry } });
    await db.cancelSession.updateMany({
      where: { id: { in: [neverOpened.session_id, finished.session_id] } },
      data: { expiresAt: past() },
    });

    const first = await expireSessions();
    expect(first.expired).toBeGreaterThanOrEqual(2);
    expect(first.abandoned).toBeGreaterThanOrEqual(1);

    const rows = await db.cancelSession.findMany({
      where: { workspaceId: ws.workspace.id },
      select: { id: true, status: true, outcome: true, timeline: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(neverOpened.session_id)).toMatchObject({ status: "expired", outcome: null });
    expect(byId.get(opened.session_id)).toMatchObject({ status: "expired", outcome: "abandoned" });
    expect(byId.get(finished.session_id)).toMatchObject({ status: "completed", outcome: "churned" });
    expect(byId.get(stillValid.session_id)).toMatchObject({ status: "opened", outcome: null });
    const steps = (id: string) => (byId.get(id)!.timeline as { step: string }[]).map((e) => e.step);
    expect(steps(opened.session_id).at(-1)).toBe("expired");
    expect(steps(finished.session_id)).not.toContain("expired");

    const abandoned = await eventsOf(opened.session_id);
    expect(abandoned.events).toHaveLength(1);
    expect(abandoned.events[0]).toMatchObject({
      source: "hosted",
      eventId: opened.session_id,
      userId: "cus_opened",
      outcome: "abandoned",
      reasonKey: "missing_features",
      plan: "pro",
    });
    expect(abandoned.events[0]!.occurredAt.getTime()).toBe(openedExpiry.getTime());
    expect(abandoned.outbox).toHaveLength(1);
    expect(abandoned.outbox[0]).toMatchObject({
      type: "cancellation.created",
      cancelSessionId: opened.session_id,
      cancellationEventId: abandoned.events[0]!.id,
    });
    expect(JSON.parse(abandoned.outbox[0]!.payload).data.cancellation.outcome).toBe("abandoned");

    const never = await eventsOf(neverOpened.session_id);
    expect(never.events).toHaveLength(0);
    expect(never.outbox).toHaveLength(0);
    expect((await eventsOf(finished.session_id)).events).toHaveLength(1);
    expect((await eventsOf(stillValid.session_id)).events).toHaveLength(0);

    const second = await expireSessions();
    expect(second).toMatchObject({ expired: 0, abandoned: 0 });
    expect((await eventsOf(opened.session_id)).events).toHaveLength(1);
    expect((await eventsOf(opened.session_id)).outbox).toHaveLength(1);

    // The customer arriving late sees the expired page and cannot finish.
    expect((await view(opened.token)).kind).toBe("expired");
    expect(location(await submit(opened.token, { action: "confirm" }))).toBe(`/s/${opened.token}`);
    expect((await eventsOf(opened.session_id)).events).toHaveLength(1);
    // The session stays expired in diagnostics even though it had been opened.
    const d = await (await diagnostics(ws.apiKey.key, opened.session_id)).json();
    expect(d).toMatchObject({ status: "expired", outcome: "abandoned" });
  });
});

describe("expire-sessions job and offers", () => {
  it("an abandoned session records only an offer the customer was shown", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    await createOffer(ws.workspace.id, {
      type: "pause",
      terms: { maxMonths: 3 },
      label: "Pause a month",
      reasonKey: "temporary",
    });
    const unseen = await newLink(ws, { userId: "cus_unseen" });
    const seen = await newLink(ws, { userId: "cus_seen" });
    for (const link of [unseen, seen]) {
      await view(link.token);
      location(await submit(link.token, { action: "reason", reasonKey: "temporary" }));
    }
    await view(seen.token); // only this one reached the offer page
    await db.cancelSession.updateMany({
      where: { id: { in: [unseen.session_id, seen.session_id] } },
      data: { expiresAt: past() },
    });
    await expireSessions();
    const [unseenEvent] = (await eventsOf(unseen.session_id)).events;
    const [seenEvent] = (await eventsOf(seen.session_id)).events;
    expect(unseenEvent).toMatchObject({ outcome: "abandoned", offerType: "none", offerLabel: null });
    expect(seenEvent).toMatchObject({
      outcome: "abandoned",
      offerType: "pause",
      offerLabel: "Pause a month",
      offerAccepted: false,
    });
  });
});

describe("GET /api/cron/expire-sessions", () => {
  const SECRET = "cron-secret-for-hosted-flow-tests";
  const call = (authorization?: string) =>
    cronExpire(apiRequest("/api/cron/expire-sessions", authorization ? { headers: { authorization } } : {}));

  afterEach(() => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
  });

  it("401 without CRON_SECRET configured, whatever is sent", async () => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
    expect((await call()).status).toBe(401);
    expect((await call(`Bearer ${SECRET}`)).status).toBe(401);
    expect((await call("Bearer ")).status).toBe(401);
  });

  it("401 with no or a wrong secret; 200 with it, and the job runs", async () => {
    process.env.CRON_SECRET = SECRET;
    resetEnvCache();
    const link = await newLink();
    await view(link.token);
    await db.cancelSession.update({ where: { id: link.session_id }, data: { expiresAt: past() } });

    const none = await call();
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("unauthorized");
    expect((await call(`Bearer ${SECRET}x`)).status).toBe(401);
    expect((await call(`Basic ${SECRET}`)).status).toBe(401);
    expect((await call(SECRET)).status).toBe(401);
    // Refused calls ran nothing.
    expect((await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } })).status).toBe(
      "opened",
    );

    const ok = await call(`Bearer ${SECRET}`);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ job: "expire-sessions" });
    expect(body.expired).toBeGreaterThanOrEqual(1);
    expect(body.abandoned).toBeGreaterThanOrEqual(1);
    expect((await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } })).status).toBe(
      "expired",
    );
    expect((await eventsOf(link.session_id)).events).toHaveLength(1);

    const again = await call(`Bearer ${SECRET}`);
    expect(await again.json()).toEqual({ job: "expire-sessions", expired: 0, abandoned: 0 });
  });
});

describe("reasons and offers from the CLI", () => {
  it("add an offer with targeting, list it, and the flow shows it to matching customers", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const added = await rb(
      "offers",
      "add",
      "--workspace",
      ws.workspace.id,
      "--type",
      "pause",
      "--max-months",
      "2",
      "--label",
      "Take a month off",
      "--reason",
      "temporary",
      "--terms",
      "Billing resumes after 30 days.",
      "--plans",
      "pro, team",
      "--min-mrr",
      "20",
      "--max-tenure",
      "365",
      "--json",
    );
    expect(added.code, added.stderr).toBe(0);
    const { offer } = JSON.parse(added.stdout);
    expect(offer).toMatchObject({
      id: expect.any(String),
      type: "pause",
      label: "Take a month off",
      terms: { maxMonths: 2 },
      termsText: "Billing resumes after 30 days.",
      reasonKey: "temporary",
      enabled: true,
      targeting: { plans: ["pro", "team"], minMrr: 20, maxTenureDays: 365 },
    });

    const listed = await rb("offers", "list", "--workspace", ws.workspace.id, "--json");
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).offers).toEqual([
      expect.objectContaining({ id: offer.id, reasonKey: "temporary", label: "Take a month off" }),
    ]);
    const text = await rb("offers", "list", "--workspace", ws.workspace.id);
    expect(text.stdout).toContain("Take a month off  [Pause up to 2 months]");

    const match = await newLink(ws, { context: { plan: "team", mrr: 25, tenureDays: 10 } });
    await view(match.token);
    expect(location(await submit(match.token, { action: "reason", reasonKey: "temporary" }))).toBe(
      `/s/${match.token}/offer`,
    );
    const veteran = await newLink(ws, { context: { plan: "team", mrr: 25, tenureDays: 900 } });
    await view(veteran.token);
    expect(location(await submit(veteran.token, { action: "reason", reasonKey: "temporary" }))).toBe(
      `/s/${veteran.token}/confirm`,
    );

    const removed = await rb(
      "offers",
      "remove",
      "--workspace",
      ws.workspace.id,
      "--offer-id",
      offer.id,
      "--json",
    );
    expect(removed.code, removed.stderr).toBe(0);
    expect(await db.offer.count({ where: { workspaceId: ws.workspace.id } })).toBe(0);
  });

  it("each offer type from its term flags; an amount off is in the workspace's currency unless given", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const add = async (...args: string[]) => {
      const out = await rb("offers", "add", "--workspace", ws.workspace.id, ...args, "--json");
      expect(out.code, out.stderr).toBe(0);
      return JSON.parse(out.stdout).offer as { type: string; terms: unknown };
    };
    const cases: [string[], { type: string; terms: unknown }][] = [
      [
        ["--type", "discount", "--label", "30% off", "--percent-off", "30", "--duration-months", "3"],
        { type: "discount", terms: { percentOff: 30, durationMonths: 3 } },
      ],
      [
        ["--type", "discount", "--label", "$5 off", "--amount-off", "5.5", "--forever"],
        { type: "discount", terms: { amountOff: 5.5, currency: "USD", forever: true } },
      ],
      [
        ["--type", "discount", "--label", "€5 off", "--amount-off", "5", "--currency", "eur", "--forever"],
        { type: "discount", terms: { amountOff: 5, currency: "EUR", forever: true } },
      ],
      [
        ["--type", "pause", "--label", "Pause", "--max-months", "3"],
        { type: "pause", terms: { maxMonths: 3 } },
      ],
      [
        ["--type", "plan_change", "--label", "Go Lite", "--to-plan", "Lite", "--price-label", "$9/month"],
        { type: "plan_change", terms: { toPlan: "Lite", priceLabel: "$9/month" } },
      ],
      [
        ["--type", "extension", "--label", "Two weeks free", "--days", "14"],
        { type: "extension", terms: { days: 14 } },
      ],
    ];
    for (const [args, expected] of cases) expect(await add(...args), args.join(" ")).toMatchObject(expected);

    const listed = await rb("offers", "list", "--workspace", ws.workspace.id);
    expect(listed.code, listed.stderr).toBe(0);
    for (const summary of [
      "[30% off for 3 months]",
      "[$5.50 off forever]",
      "[€5.00 off forever]",
      "[Pause up to 3 months]",
      "[Switch to Lite ($9/month)]",
      "[14 free days]",
    ]) {
      expect(listed.stdout).toContain(summary);
    }
    const json = JSON.parse((await rb("offers", "list", "--workspace", ws.workspace.id, "--json")).stdout);
    expect(json.offers.map((o: { terms: unknown }) => o.terms)).toEqual(cases.map(([, e]) => e.terms));
  });

  it("usage errors exit 2: a bad --type, a missing --label, a bad number, another type's flag, a missing term", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const add = (...args: string[]) => rb("offers", "add", "--workspace", ws.workspace.id, ...args);
    const usage: [string[], RegExp][] = [
      [
        ["--type", "coupon", "--label", "x"],
        /--type must be one of: discount, pause, plan_change, extension/,
      ],
      [["--type", "discount", "--percent-off", "10", "--forever"], /--label is required/],
      [
        ["--type", "discount", "--label", "x", "--percent-off", "ten", "--forever"],
        /--percent-off must be a whole number/,
      ],
      [
        ["--type", "discount", "--label", "x", "--amount-off", "5,00", "--forever"],
        /--amount-off must be a number/,
      ],
      [["--type", "pause", "--label", "x", "--max-months", "2.5"], /--max-months must be a whole number/],
      [
        ["--type", "discount", "--label", "x", "--percent-off", "10", "--forever", "--min-mrr", "lots"],
        /--min-mrr must be a number/,
      ],
      [["--type", "discount", "--label", "x", "--forever"], /--percent-off or --amount-off/],
      [
        ["--type", "discount", "--label", "x", "--percent-off", "10", "--amount-off", "5", "--forever"],
        /--percent-off or --amount-off/,
      ],
      [["--type", "discount", "--label", "x", "--percent-off", "10"], /--duration-months or --forever/],
      [
        ["--type", "discount", "--label", "x", "--percent-off", "10", "--forever", "--currency", "EUR"],
        /--currency goes with --amount-off/,
      ],
      [
        ["--type", "pause", "--label", "x", "--max-months", "2", "--days", "30"],
        /--days is for --type extension, not pause/,
      ],
      [
        ["--type", "extension", "--label", "x", "--days", "30", "--percent-off", "10"],
        /--percent-off is for --type discount, not extension/,
      ],
      [["--type", "pause", "--label", "x"], /a pause needs --max-months/],
      [["--type", "plan_change", "--label", "x", "--price-label", "$9"], /a plan change needs --to-plan/],
      [["--type", "extension", "--label", "x"], /an extension needs --days/],
    ];
    for (const [args, message] of usage) {
      const out = await add(...args);
      expect(out.code, args.join(" ")).toBe(2);
      expect(out.stderr, args.join(" ")).toMatch(message);
    }
    expect(await db.offer.count({ where: { workspaceId: ws.workspace.id } })).toBe(0);
  });

  it("values the domain refuses exit 1 with its message: a term out of range, an unknown reason", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const add = (...args: string[]) => rb("offers", "add", "--workspace", ws.workspace.id, ...args, "--json");
    const refused: [string[], RegExp][] = [
      [
        ["--type", "discount", "--label", "x", "--percent-off", "150", "--duration-months", "3"],
        /terms\.percentOff: percentOff must be between 1 and 100/,
      ],
      [
        ["--type", "discount", "--label", "x", "--percent-off", "10", "--duration-months", "48"],
        /terms\.durationMonths: durationMonths must be between 1 and 36/,
      ],
      [
        ["--type", "discount", "--label", "x", "--amount-off", "5", "--currency", "EURO", "--forever"],
        /terms\.currency/,
      ],
      [["--type", "pause", "--label", "x", "--max-months", "13"], /terms\.maxMonths/],
      [["--type", "extension", "--label", "x", "--days", "0"], /terms\.days/],
      [["--type", "pause", "--label", "x", "--max-months", "2", "--reason", "nope"], /nope/],
    ];
    for (const [args, message] of refused) {
      const out = await add(...args);
      expect(out.code, args.join(" ")).toBe(1);
      expect(JSON.parse(out.stdout).error.message, args.join(" ")).toMatch(message);
    }
    expect(await db.offer.count({ where: { workspaceId: ws.workspace.id } })).toBe(0);
  });

  it("reasons: list the defaults, add one, disable one; the flow offers only enabled reasons", async () => {
    const ws = await createTestWorkspace({ returnUrls: [RETURN_URL] });
    const list = await rb("reasons", "list", "--workspace", ws.workspace.id, "--json");
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).reasons.map((r: { key: string }) => r.key)).toEqual([
      "too_expensive",
      "missing_features",
      "not_using",
      "switching_competitor",
      "technical_issues",
      "temporary",
      "other",
    ]);
    const add = await rb(
      "reasons",
      "add",
      "--workspace",
      ws.workspace.id,
      "--key",
      "moving_team",
      "--label",
      "Our team is moving",
      "--json",
    );
    expect(add.code, add.stderr).toBe(0);
    const dup = await rb(
      "reasons",
      "add",
      "--workspace",
      ws.workspace.id,
      "--key",
      "moving_team",
      "--label",
      "x",
    );
    expect(dup.code).toBe(1);
    const disable = await rb(
      "reasons",
      "update",
      "--workspace",
      ws.workspace.id,
      "--key",
      "other",
      "--disable",
    );
    expect(disable.code, disable.stderr).toBe(0);

    const link = await newLink(ws);
    await view(link.token);
    expect(location(await submit(link.token, { action: "reason", reasonKey: "other" }))).toBe(
      `/s/${link.token}?error=reason`,
    );
    expect(location(await submit(link.token, { action: "reason", reasonKey: "moving_team" }))).toBe(
      `/s/${link.token}/confirm`,
    );
  });

  it("cron expire-sessions from the CLI", async () => {
    const link = await newLink();
    await view(link.token);
    await db.cancelSession.update({
      where: { id: link.session_id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const out = await rb("cron", "expire-sessions", "--json");
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.job).toBe("expire-sessions");
    expect(result.abandoned).toBeGreaterThanOrEqual(1);
    expect((await eventsOf(link.session_id)).events).toMatchObject([{ outcome: "abandoned" }]);
  });
});
