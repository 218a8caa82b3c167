// The retention engine through its real route handlers on a real Postgres: offers with structured
// terms (result token, webhook payload, API resource), pause months, the cooldown, eligibleForOffers,
// one offer decision per session, experiments (assignment, holdout, scope), the custom API's offer
// terms, and saves that stop counting (saveBrokenAt). The clock is injected wherever time matters.
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as submitRoute } from "@/app/(cancel)/s/[token]/submit/route";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { POST as verifyRoute } from "@/app/api/v1/cancel-results/verify/route";
import { GET as sessionRoute } from "@/app/api/v1/cancel-sessions/[id]/route";
import { GET as getEventRoute, PATCH as patchEventRoute } from "@/app/api/v1/cancellations/[eventId]/route";
import { POST as postEventRoute } from "@/app/api/v1/cancellations/route";
import { db } from "@/lib/db";
import {
  applyFlowAction,
  type FlowAction,
  finishedResult,
  loadFlow,
  markOfferShown,
} from "@/lib/domain/cancel-sessions/flow";
import { assignVariant } from "@/lib/domain/experiments/assign";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { createId } from "@/lib/ids";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;

// Return URLs stay on loopback: nothing here fetches them.
const RETURN_URL = "http://localhost:4190/account";
const CANCEL_ORIGIN = "http://cancel.localhost:3000";
// The injected clock: every session that is walked at NOW has its link's expiry moved past it.
const NOW = new Date("2040-01-31T10:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY);

const cancelLink = (ws: Ws, body: unknown) =>
  cancelLinkRoute(apiRequest("/api/v1/cancel-link", { apiKey: ws.apiKey.key, body }));

/** A cancel link for `userId`, valid at NOW (and, until then, on the real clock). */
async function newLink(ws: Ws, userId: string, body: Record<string, unknown> = {}) {
  const res = await cancelLink(ws, { userId, ...body });
  expect(res.status).toBe(200);
  const link = (await res.json()) as { url: string; session_id: string };
  await db.cancelSession.update({
    where: { id: link.session_id },
    data: { expiresAt: new Date(NOW.getTime() + 60 * 60 * 1000) },
  });
  return { id: link.session_id, token: new URL(link.url).pathname.split("/").pop()! };
}

/** The customer's step page at `now`: opened on first sight; the offer page shows the offer. */
async function view(token: string, now = NOW) {
  const found = await loadFlow(token, { open: true, now });
  if (found.kind === "ok" && found.step === "offer") await markOfferShown(found.session, now);
  return found;
}

/** A form post at `now`, through the domain function the submit route calls. */
async function act(token: string, action: FlowAction, now = NOW) {
  const outcome = await applyFlowAction(token, action, now);
  if (outcome.kind !== "redirect") throw new Error(`expected a redirect, got ${JSON.stringify(outcome)}`);
  // A confirmation lands on the receipt page: its "Return to …" link carries the result.
  if (action.action === "confirm" && outcome.to.endsWith("/done")) {
    const found = await loadFlow(token, { now });
    const result = found.kind === "ok" ? await finishedResult(found.session, now) : null;
    if (result?.kind !== "result") throw new Error("no result on the receipt page");
    return result.returnUrl;
  }
  return outcome.to;
}

const reason = (reasonKey: string): FlowAction => ({ action: "reason", reasonKey, reasonText: "" });

/** A form post as a browser sends it, through the real submit route (real clock). */
function submit(token: string, form: Record<string, string>) {
  return submitRoute(
    new Request(`${CANCEL_ORIGIN}/s/${token}/submit`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", host: "cancel.localhost:3000" },
      body: new URLSearchParams(form).toString(),
    }),
    routeParams({ token }),
  );
}

function location(res: Response) {
  expect(res.status).toBe(303);
  return res.headers.get("location")!;
}

const resultToken = (to: string) => new URLSearchParams(new URL(to).hash.slice(1)).get("ci_result_token")!;

async function diagnostics(ws: Ws, id: string) {
  const res = await sessionRoute(
    apiRequest(`/api/v1/cancel-sessions/${id}`, { apiKey: ws.apiKey.key }),
    routeParams({ id }),
  );
  expect(res.status).toBe(200);
  return res.json();
}

const postEvent = (ws: Ws, body: unknown) =>
  postEventRoute(apiRequest("/api/v1/cancellations", { apiKey: ws.apiKey.key, body }));
const patchEvent = (ws: Ws, eventId: string, body: unknown) =>
  patchEventRoute(
    apiRequest(`/api/v1/cancellations/${eventId}`, { method: "PATCH", apiKey: ws.apiKey.key, body }),
    routeParams({ eventId }),
  );
async function getEvent(ws: Ws, eventId: string, environment = "prod") {
  const res = await getEventRoute(
    apiRequest(`/api/v1/cancellations/${eventId}?environment=${environment}`, { apiKey: ws.apiKey.key }),
    routeParams({ eventId }),
  );
  expect(res.status).toBe(200);
  return res.json();
}

/** The queued cancellation.created payload of a session, as it will be sent. */
async function createdPayload(sessionId: string) {
  const row = await db.webhookEvent.findFirstOrThrow({
    where: { cancelSessionId: sessionId, type: "cancellation.created" },
  });
  return JSON.parse(row.payload) as { data: { cancellation: Record<string, unknown> } };
}

const stepsOf = (d: { timeline: { step: string; data?: Record<string, unknown> }[] }) => d.timeline;

async function workspaceWith(offers: Parameters<typeof createOffer>[1][]) {
  const ws = await createTestWorkspace({ plan: "advanced", returnUrls: [RETURN_URL] });
  const created = [];
  for (const o of offers) created.push(await createOffer(ws.workspace.id, o));
  return { ws, offers: created };
}

async function runningExperiment(
  ws: Ws,
  variants: { key: string; offerId: string | null; weight: number }[],
  reasonKey?: string,
) {
  const reasonId = reasonKey
    ? (
        await db.reason.findUniqueOrThrow({
          where: { workspaceId_key: { workspaceId: ws.workspace.id, key: reasonKey } },
        })
      ).id
    : null;
  return db.experiment.create({
    data: {
      id: createId("exp"),
      workspaceId: ws.workspace.id,
      name: `Test ${reasonKey ?? "all reasons"}`,
      reasonId,
      status: "running",
      startedAt: daysBefore(30),
      variants: { create: variants.map((v, position) => ({ ...v, position })) },
    },
  });
}

/** A userId the assignment puts in `variant` (the assignment is a pure, stable hash). */
function userIn(
  experimentId: string,
  environment: string,
  variants: { key: string; offerId: string | null; weight: number }[],
  variant: string,
  prefix = "user",
) {
  for (let i = 0; i < 1000; i++) {
    const userId = `${prefix}_${i}`;
    if (assignVariant(experimentId, environment, userId, variants)?.key === variant) return userId;
  }
  throw new Error(`no user lands in ${variant}`);
}

describe("each offer type, shown and accepted: the terms reach the merchant without a label to parse", () => {
  let ws: Ws;
  beforeAll(async () => {
    ({ ws } = await workspaceWith([
      {
        type: "discount",
        label: "30% off for 3 months",
        terms: { percentOff: 30, durationMonths: 3 },
        reasonKey: "too_expensive",
      },
      {
        type: "plan_change",
        label: "Move to Starter",
        terms: { toPlan: "Starter", priceLabel: "$9/month" },
        reasonKey: "missing_features",
      },
      { type: "extension", label: "Two weeks on us", terms: { days: 14 }, reasonKey: "not_using" },
      { type: "pause", label: "Take a break", terms: { maxMonths: 3 }, reasonKey: "temporary" },
    ]));
  });

  it.each([
    ["discount", "too_expensive", "30% off for 3 months", { percentOff: 30, durationMonths: 3 }],
    ["plan_change", "missing_features", "Move to Starter", { toPlan: "Starter", priceLabel: "$9/month" }],
    ["extension", "not_using", "Two weeks on us", { days: 14 }],
  ])(
    "%s: the token, the verify answer, the webhook and the API event carry type, label and terms",
    async (type, reasonKey, label, terms) => {
      const link = await newLink(ws, `customer_${type}`);
      await view(link.token, new Date());
      expect(location(await submit(link.token, { action: "reason", reasonKey }))).toBe(
        `/s/${link.token}/offer`,
      );
      await view(link.token, new Date());
      const back = location(await submit(link.token, { action: "accept" }));
      const offer = { type, label, accepted: true, terms };
      const token = resultToken(back);
      expect(decodeJwt(token)).toMatchObject({
        outcome: "recovered",
        offer,
        experiment: null,
        variant: null,
      });

      const verified = await verifyRoute(
        apiRequest("/api/v1/cancel-results/verify", { apiKey: ws.apiKey.key, body: { token } }),
      );
      expect(await verified.json()).toMatchObject({ valid: true, offer });
      expect((await createdPayload(link.id)).data.cancellation).toMatchObject({ offer, noOfferReason: null });
      expect(await getEvent(ws, link.id)).toMatchObject({ source: "hosted", outcome: "recovered", offer });
      expect((await diagnostics(ws, link.id)).offer).toMatchObject({ type, label, accepted: true, terms });
    },
  );

  it("a pause needs the months chosen (1…max): a missing, 0 or 4 months is refused and nothing recorded", async () => {
    const link = await newLink(ws, "customer_pause");
    await view(link.token);
    expect(await act(link.token, reason("temporary"))).toBe(`/s/${link.token}/offer`);
    await view(link.token, new Date());
    for (const form of [{}, { months: "0" }, { months: "4" }, { months: "two" }] as Record<
      string,
      string
    >[]) {
      expect(location(await submit(link.token, { action: "accept", ...form })), JSON.stringify(form)).toBe(
        `/s/${link.token}/offer?error=months`,
      );
    }
    const before = await db.cancelSession.findUniqueOrThrow({ where: { id: link.id } });
    expect(before).toMatchObject({ status: "opened", offerAccepted: null, offerTerms: { maxMonths: 3 } });
    expect(await db.cancellationEvent.count({ where: { cancelSessionId: link.id } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { cancelSessionId: link.id } })).toBe(0);

    // Two of three months, chosen on the 31st: billing resumes on the 31st two months on.
    const back = await act(link.token, { action: "accept", months: 2 });
    const offer = {
      type: "pause",
      label: "Take a break",
      accepted: true,
      terms: { maxMonths: 3, months: 2, resumesAt: "2040-03-31T10:00:00.000Z" },
    };
    expect(decodeJwt(resultToken(back))).toMatchObject({ outcome: "recovered", offer });
    expect((await createdPayload(link.id)).data.cancellation).toMatchObject({ offer });
    expect(await getEvent(ws, link.id)).toMatchObject({ offer });
    const d = await diagnostics(ws, link.id);
    expect(d.offer.terms).toEqual(offer.terms);
    expect(stepsOf(d).find((e) => e.step === "offer_accepted")?.data).toMatchObject({ terms: offer.terms });
  });

  it("a month chosen past the end of a shorter month resumes on that month's last day", async () => {
    const link = await newLink(ws, "customer_pause_short");
    await view(link.token);
    await act(link.token, reason("temporary"));
    await view(link.token);
    const back = await act(link.token, { action: "accept", months: 1 });
    expect(decodeJwt(resultToken(back)).offer).toMatchObject({
      terms: { months: 1, resumesAt: "2040-02-29T10:00:00.000Z" },
    });
  });
});

describe("cooldown: a customer who accepted an offer recently goes straight to confirm", () => {
  let ws: Ws;
  beforeAll(async () => {
    ({ ws } = await workspaceWith([
      { type: "discount", label: "20% off", terms: { percentOff: 20, durationMonths: 1 } },
    ]));
  });

  /** Accepts the offer in the hosted flow at `at`. */
  async function acceptedAt(userId: string, at: Date, environment = "prod") {
    const link = await newLink(ws, userId, { environment });
    await view(link.token, at);
    await act(link.token, reason("too_expensive"), at);
    await view(link.token, at);
    expect(await act(link.token, { action: "accept" }, at)).toMatch(/#ci_result_token=/);
  }

  /** Where a new link of `userId` goes at NOW after a reason. */
  async function nextStepOf(userId: string, environment = "prod") {
    const link = await newLink(ws, userId, { environment });
    await view(link.token);
    const to = await act(link.token, reason("too_expensive"));
    return { link, step: to.split("/").pop() };
  }

  it("within the window: no offer; the session says cooldown in its diagnostics, timeline and event", async () => {
    await acceptedAt("cool_1", daysBefore(10));
    const { link, step } = await nextStepOf("cool_1");
    expect(step).toBe("confirm");
    const d = await diagnostics(ws, link.id);
    expect(d).toMatchObject({
      offer: null,
      noOfferReason: "cooldown",
      eligibleForOffers: true,
      experiment: null,
    });
    expect(stepsOf(d)).toContainEqual(
      expect.objectContaining({ step: "no_offer", data: { reason: "cooldown" } }),
    );
    const back = await act(link.token, { action: "confirm" });
    expect(decodeJwt(resultToken(back))).toMatchObject({ outcome: "churned", offer: null });
    expect(await getEvent(ws, link.id)).toMatchObject({ noOfferReason: "cooldown", offer: { type: "none" } });
  });

  it("an offer accepted through the custom API counts as well", async () => {
    const res = await postEvent(ws, {
      eventId: "api_accept_1",
      userId: "cool_api",
      reasonKey: "too_expensive",
      outcome: "recovered",
      offer: { type: "discount", accepted: true, label: "20% off" },
      occurredAt: daysBefore(89).toISOString(),
    });
    expect(res.status).toBe(201);
    expect((await nextStepOf("cool_api")).step).toBe("confirm");
  });

  it("another environment, another userId, or a declined offer are not affected", async () => {
    await acceptedAt("cool_2", daysBefore(5));
    expect((await nextStepOf("cool_2", "sandbox")).step).toBe("offer");
    expect((await nextStepOf("cool_2_other")).step).toBe("offer");
    const declined = await postEvent(ws, {
      eventId: "api_declined_1",
      userId: "cool_declined",
      reasonKey: "too_expensive",
      outcome: "churned",
      offer: { type: "discount", accepted: false, label: "20% off" },
      occurredAt: daysBefore(3).toISOString(),
    });
    expect(declined.status).toBe(201);
    expect((await nextStepOf("cool_declined")).step).toBe("offer");
  });

  it("older than the window: the offer is shown; the window follows offerCooldownDays; 0 disables it", async () => {
    await acceptedAt("cool_old", daysBefore(91));
    const { link, step } = await nextStepOf("cool_old");
    expect(step).toBe("offer");
    expect((await diagnostics(ws, link.id)).noOfferReason).toBeNull();

    await acceptedAt("cool_3", daysBefore(20));
    await db.workspace.update({ where: { id: ws.workspace.id }, data: { offerCooldownDays: 14 } });
    try {
      expect((await nextStepOf("cool_3")).step).toBe("offer");
      await db.workspace.update({ where: { id: ws.workspace.id }, data: { offerCooldownDays: 30 } });
      expect((await nextStepOf("cool_3")).step).toBe("confirm");
      await db.workspace.update({ where: { id: ws.workspace.id }, data: { offerCooldownDays: 0 } });
      expect((await nextStepOf("cool_3")).step).toBe("offer");
    } finally {
      await db.workspace.update({ where: { id: ws.workspace.id }, data: { offerCooldownDays: 90 } });
    }
  });
});

describe("eligibleForOffers on the cancel link", () => {
  let ws: Ws;
  beforeAll(async () => {
    ({ ws } = await workspaceWith([
      { type: "discount", label: "20% off", terms: { percentOff: 20, durationMonths: 1 } },
    ]));
  });

  it("false: no offer, recorded as ineligible", async () => {
    const link = await newLink(ws, "holds_coupon", { eligibleForOffers: false });
    await view(link.token);
    expect(await act(link.token, reason("too_expensive"))).toBe(`/s/${link.token}/confirm`);
    const d = await diagnostics(ws, link.id);
    expect(d).toMatchObject({ offer: null, noOfferReason: "ineligible", eligibleForOffers: false });
    expect(stepsOf(d)).toContainEqual(
      expect.objectContaining({ step: "no_offer", data: { reason: "ineligible" } }),
    );
    await act(link.token, { action: "confirm" });
    expect((await createdPayload(link.id)).data.cancellation).toMatchObject({ noOfferReason: "ineligible" });
  });

  it("true or left out: the offer is shown", async () => {
    for (const body of [{ eligibleForOffers: true }, {}]) {
      const link = await newLink(ws, "eligible", body);
      await view(link.token);
      expect(await act(link.token, reason("too_expensive"))).toBe(`/s/${link.token}/offer`);
      expect((await diagnostics(ws, link.id)).eligibleForOffers).toBe(true);
    }
  });

  it("not a boolean, or inside context: 400 in the documented shape, and no session", async () => {
    const before = await db.cancelSession.count({ where: { workspaceId: ws.workspace.id } });
    for (const [body, path] of [
      [{ userId: "u", eligibleForOffers: "false" }, "eligibleForOffers"],
      [{ userId: "u", eligibleForOffers: 0 }, "eligibleForOffers"],
      [{ userId: "u", context: { eligibleForOffers: false } }, "context"],
    ] as const) {
      const res = await cancelLink(ws, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "invalid_request", message: expect.stringContaining(path) });
      expect(error.details.issues[0].path).toMatch(new RegExp(`^${path}`));
    }
    expect(await db.cancelSession.count({ where: { workspaceId: ws.workspace.id } })).toBe(before);
  });
});

describe("one offer decision per session", () => {
  let ws: Ws;
  let discountId: string;
  let pauseId: string;
  beforeAll(async () => {
    const made = await workspaceWith([
      {
        type: "discount",
        label: "20% off",
        terms: { percentOff: 20, durationMonths: 1 },
        reasonKey: "too_expensive",
      },
      { type: "pause", label: "Pause", terms: { maxMonths: 2 }, reasonKey: "temporary" },
    ]);
    ws = made.ws;
    [discountId, pauseId] = made.offers.map((o) => o.id) as [string, string];
  });

  it("after declining, another reason goes to confirm: never a second offer", async () => {
    const link = await newLink(ws, "decliner");
    await view(link.token);
    await act(link.token, reason("too_expensive"));
    await view(link.token);
    expect(await act(link.token, { action: "decline" })).toBe(`/s/${link.token}/confirm`);
    expect(await act(link.token, reason("temporary"))).toBe(`/s/${link.token}/confirm`);
    const back = await act(link.token, { action: "confirm" });
    expect(decodeJwt(resultToken(back))).toMatchObject({
      reasonKey: "temporary",
      offer: { type: "discount", accepted: false },
    });
    const d = await diagnostics(ws, link.id);
    expect(stepsOf(d).filter((e) => e.step === "offer_shown")).toHaveLength(1);
    expect(d.offer).toMatchObject({ id: discountId, accepted: false });
  });

  it("after an offer was shown, a new reason keeps the same offer", async () => {
    const link = await newLink(ws, "switcher");
    await view(link.token);
    await act(link.token, reason("too_expensive"));
    await view(link.token);
    expect(await act(link.token, reason("temporary"))).toBe(`/s/${link.token}/offer`);
    const s = await db.cancelSession.findUniqueOrThrow({ where: { id: link.id } });
    expect(s).toMatchObject({ reasonKey: "temporary", offerId: discountId, offerType: "discount" });
    expect(s.offerId).not.toBe(pauseId);
    // Still the one on screen: it can be answered at once.
    expect(await act(link.token, { action: "accept" })).toMatch(/#ci_result_token=/);
  });

  it("a reason without an offer chosen first may still be replaced by one that has an offer", async () => {
    const link = await newLink(ws, "undecided");
    await view(link.token);
    expect(await act(link.token, reason("other"))).toBe(`/s/${link.token}/confirm`);
    expect((await diagnostics(ws, link.id)).noOfferReason).toBe("no_match");
    expect(await act(link.token, reason("too_expensive"))).toBe(`/s/${link.token}/offer`);
    expect(await diagnostics(ws, link.id)).toMatchObject({ noOfferReason: null, offer: { id: discountId } });
  });
});

describe("experiments", () => {
  let ws: Ws;
  let discountId: string;
  let extensionId: string;
  let planId: string;
  let everyReason: { id: string };
  let variants: { key: string; offerId: string | null; weight: number }[];
  beforeAll(async () => {
    const made = await workspaceWith([
      { type: "discount", label: "20% off", terms: { percentOff: 20, durationMonths: 1 } },
      { type: "extension", label: "A free month", terms: { days: 30 }, reasonKey: "technical_issues" },
      { type: "plan_change", label: "Go Starter", terms: { toPlan: "Starter" } },
    ]);
    ws = made.ws;
    [discountId, extensionId, planId] = made.offers.map((o) => o.id) as [string, string, string];
    // Normally not_using gets the discount (first, every reason); the extension is another reason's.
    variants = [
      { key: "control", offerId: discountId, weight: 1 },
      { key: "extension", offerId: extensionId, weight: 1 },
      { key: "holdout", offerId: null, weight: 1 },
    ];
    everyReason = await runningExperiment(ws, variants);
  });

  const user = (variant: string, prefix?: string, env = "prod") =>
    userIn(everyReason.id, env, variants, variant, prefix);

  async function reasonAt(userId: string, reasonKey = "not_using", body: Record<string, unknown> = {}) {
    const link = await newLink(ws, userId, body);
    await view(link.token);
    const to = await act(link.token, reason(reasonKey));
    return { link, step: to.split("/").pop(), d: await diagnostics(ws, link.id) };
  }

  it("the same customer gets the same variant on every link, recorded with its timeline entry", async () => {
    const userId = user("extension", "steady");
    for (let i = 0; i < 3; i++) {
      const { step, d } = await reasonAt(userId);
      expect(step).toBe("offer");
      expect(d.experiment).toEqual({ id: everyReason.id, variant: "extension" });
      expect(d.offer).toMatchObject({ id: extensionId, type: "extension" });
      expect(stepsOf(d)).toContainEqual(
        expect.objectContaining({
          step: "variant_assigned",
          data: { experimentId: everyReason.id, variant: "extension" },
        }),
      );
    }
  });

  it("the variant's offer replaces normal selection; token, webhook and API event name the variant", async () => {
    const { link, step } = await reasonAt(user("extension", "ext"));
    expect(step).toBe("offer");
    await view(link.token);
    const back = await act(link.token, { action: "accept" });
    const experiment = { id: everyReason.id, variant: "extension" };
    expect(decodeJwt(resultToken(back))).toMatchObject({
      experiment: everyReason.id,
      variant: "extension",
      offer: { type: "extension", accepted: true, terms: { days: 30 } },
    });
    expect((await createdPayload(link.id)).data.cancellation).toMatchObject({ experiment });
    expect(await getEvent(ws, link.id)).toMatchObject({ experiment, noOfferReason: null });
  });

  it("the holdout shows no offer and records holdout", async () => {
    const { link, step, d } = await reasonAt(user("holdout", "held"));
    expect(step).toBe("confirm");
    expect(d).toMatchObject({ offer: null, noOfferReason: "holdout", experiment: { variant: "holdout" } });
    expect(stepsOf(d)).toContainEqual(
      expect.objectContaining({ step: "no_offer", data: { reason: "holdout" } }),
    );
    const back = await act(link.token, { action: "confirm" });
    expect(decodeJwt(resultToken(back))).toMatchObject({
      offer: null,
      experiment: everyReason.id,
      variant: "holdout",
    });
    expect(await getEvent(ws, link.id)).toMatchObject({
      noOfferReason: "holdout",
      experiment: { id: everyReason.id, variant: "holdout" },
    });
  });

  it("assignment comes first: recorded even when eligibleForOffers: false or the cooldown suppress the offer", async () => {
    const ineligible = await reasonAt(user("control", "coupon"), "not_using", { eligibleForOffers: false });
    expect(ineligible.step).toBe("confirm");
    expect(ineligible.d).toMatchObject({
      noOfferReason: "ineligible",
      experiment: { id: everyReason.id, variant: "control" },
    });

    const cooled = user("control", "cooled");
    const accepted = await postEvent(ws, {
      eventId: `accepted_${cooled}`,
      userId: cooled,
      reasonKey: "not_using",
      outcome: "recovered",
      offer: { type: "discount", accepted: true },
      occurredAt: daysBefore(1).toISOString(),
    });
    expect(accepted.status).toBe(201);
    const cooldown = await reasonAt(cooled);
    expect(cooldown.step).toBe("confirm");
    expect(cooldown.d).toMatchObject({
      noOfferReason: "cooldown",
      experiment: { id: everyReason.id, variant: "control" },
    });
  });

  it("sandbox sessions are assigned too (by their own environment's hash)", async () => {
    const userId = user("holdout", "sandboxed", "sandbox");
    const { d } = await reasonAt(userId, "not_using", { environment: "sandbox" });
    expect(d).toMatchObject({
      environment: "sandbox",
      experiment: { id: everyReason.id, variant: "holdout" },
    });
  });

  it("going back to another reason keeps the variant and its offer", async () => {
    const { link } = await reasonAt(user("control", "back"));
    expect(await act(link.token, reason("other"))).toBe(`/s/${link.token}/offer`);
    const d = await diagnostics(ws, link.id);
    expect(d).toMatchObject({
      reason: { key: "other" },
      experiment: { variant: "control" },
      offer: { id: discountId },
    });
    expect(stepsOf(d).filter((e) => e.step === "variant_assigned")).toHaveLength(1);
  });

  it("a reason's own running experiment beats the every-reason one", async () => {
    const scoped = await runningExperiment(
      ws,
      [{ key: "plan", offerId: planId, weight: 1 }],
      "too_expensive",
    );
    try {
      const userId = user("holdout", "scoped");
      const inScope = await reasonAt(userId, "too_expensive");
      expect(inScope.step).toBe("offer");
      expect(inScope.d).toMatchObject({
        experiment: { id: scoped.id, variant: "plan" },
        offer: { id: planId, type: "plan_change" },
      });
      const elsewhere = await reasonAt(userId, "missing_features");
      expect(elsewhere.d).toMatchObject({
        experiment: { id: everyReason.id, variant: "holdout" },
        offer: null,
      });
    } finally {
      await db.experiment.update({ where: { id: scoped.id }, data: { status: "stopped" } });
    }
  });

  it("outside a running experiment nothing is assigned", async () => {
    await db.experiment.update({ where: { id: everyReason.id }, data: { status: "stopped" } });
    try {
      const { step, d } = await reasonAt(user("extension", "after"));
      expect(step).toBe("offer");
      expect(d).toMatchObject({ experiment: null, offer: { id: discountId } });
      expect(stepsOf(d).some((e) => e.step === "variant_assigned")).toBe(false);
    } finally {
      await db.experiment.update({ where: { id: everyReason.id }, data: { status: "running" } });
    }
  });
});

describe("the custom API: offer types and terms", () => {
  let ws: Ws;
  beforeAll(async () => {
    ws = await createTestWorkspace({ plan: "advanced" });
  });
  let n = 0;
  const body = (offer: unknown) => ({
    eventId: `terms_${n++}`,
    userId: "api_user",
    reasonKey: "too_expensive",
    outcome: "recovered",
    offer,
  });

  it("plan_change and extension with terms: 201, and the terms come back as stored", async () => {
    for (const offer of [
      {
        type: "plan_change",
        accepted: true,
        label: "Starter",
        terms: { toPlan: "Starter", priceLabel: "$9/month" },
      },
      { type: "extension", accepted: true, label: "Two weeks", terms: { days: 14 } },
      { type: "discount", accepted: true, terms: { amountOff: 10.5, currency: "eur", forever: true } },
      {
        type: "pause",
        accepted: true,
        terms: { maxMonths: 3, months: 2, resumesAt: "2040-03-31T10:00:00.000Z" },
      },
    ]) {
      const res = await postEvent(ws, body(offer));
      expect(res.status, JSON.stringify(offer)).toBe(201);
      const event = await res.json();
      const terms = offer.type === "discount" ? { ...offer.terms, currency: "EUR" } : offer.terms;
      expect(event.offer).toEqual({ label: null, ...offer, terms });
      expect(await getEvent(ws, event.eventId)).toMatchObject({ offer: { terms } });
    }
  });

  it("invalid terms: 400 naming offer.terms.<field>, nothing stored", async () => {
    const before = await db.cancellationEvent.count({ where: { workspaceId: ws.workspace.id } });
    for (const [offer, path] of [
      [
        { type: "discount", accepted: true, terms: { percentOff: 150, durationMonths: 3 } },
        "offer.terms.percentOff",
      ],
      [{ type: "discount", accepted: true, terms: { durationMonths: 3 } }, "offer.terms.percentOff"],
      [
        { type: "discount", accepted: true, terms: { amountOff: 5, durationMonths: 1 } },
        "offer.terms.currency",
      ],
      [{ type: "pause", accepted: true, terms: { maxMonths: 2, months: 3 } }, "offer.terms.months"],
      [{ type: "extension", accepted: true, terms: { days: 0 } }, "offer.terms.days"],
      [{ type: "plan_change", accepted: true, terms: { priceLabel: "$9" } }, "offer.terms.toPlan"],
      [{ type: "extension", accepted: true, terms: { days: 3, weeks: 1 } }, "offer.terms"],
      [{ type: "none", terms: { days: 3 } }, "offer.terms"],
      [{ type: "coupon", accepted: true }, "offer.type"],
    ] as const) {
      const res = await postEvent(ws, body(offer));
      expect(res.status, JSON.stringify(offer)).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe("invalid_request");
      expect(
        error.details.issues.map((i: { path: string }) => i.path),
        JSON.stringify(offer),
      ).toContain(path);
    }
    expect(await db.cancellationEvent.count({ where: { workspaceId: ws.workspace.id } })).toBe(before);
  });

  it("the guide's none|discount|pause bodies without terms still give 201 and the same fields", async () => {
    for (const offer of [
      { type: "none" },
      { type: "discount", accepted: true, label: "20% off next month" },
      { type: "pause", accepted: false, label: "Pause 1 month" },
    ]) {
      const res = await postEvent(ws, body(offer));
      expect(res.status, JSON.stringify(offer)).toBe(201);
      const event = await res.json();
      expect(event.offer).toEqual({ accepted: false, label: null, ...offer, terms: null });
      expect(event).toMatchObject({ noOfferReason: null, experiment: null });
    }
  });
});

describe("saves that last: saveBrokenAt", () => {
  let ws: Ws;
  beforeAll(async () => {
    ws = await createTestWorkspace({ plan: "advanced", returnUrls: [RETURN_URL] });
  });
  const brokenAt = async (eventId: string, environment: "prod" | "sandbox" = "prod") =>
    (
      await db.cancellationEvent.findUniqueOrThrow({
        where: { workspaceId_environment_eventId: { workspaceId: ws.workspace.id, environment, eventId } },
      })
    ).saveBrokenAt;
  const record = async (
    eventId: string,
    userId: string,
    outcome: string | undefined,
    at: Date,
    environment = "prod",
  ) => {
    const res = await postEvent(ws, {
      eventId,
      userId,
      reasonKey: "too_expensive",
      outcome,
      environment,
      occurredAt: at.toISOString(),
    });
    expect(res.status).toBe(201);
  };

  it("a PATCH to churned breaks the event's own save at its effective time", async () => {
    await record("own_1", "saver_1", "recovered", daysBefore(40));
    expect(await brokenAt("own_1")).toBeNull();
    const res = await patchEvent(ws, "own_1", {
      outcome: "churned",
      effectiveAt: daysBefore(20).toISOString(),
    });
    expect(res.status).toBe(200);
    expect(await brokenAt("own_1")).toEqual(daysBefore(20));
    // A later PATCH does not move it: the earliest break counts.
    await patchEvent(ws, "own_1", { outcome: "recovered", effectiveAt: daysBefore(15).toISOString() });
    await patchEvent(ws, "own_1", { outcome: "churned", effectiveAt: daysBefore(10).toISOString() });
    expect(await brokenAt("own_1")).toEqual(daysBefore(20));
  });

  it("a later churned event of the same customer breaks their earlier saves, nobody else's", async () => {
    await record("later_saved", "saver_2", "recovered", daysBefore(50));
    await record("later_pending", "saver_2", undefined, daysBefore(45));
    await record("later_other_user", "saver_3", "recovered", daysBefore(50));
    await record("later_sandbox", "saver_2", "recovered", daysBefore(50), "sandbox");
    await record("later_churned", "saver_2", "churned", daysBefore(25));
    expect(await brokenAt("later_saved")).toEqual(daysBefore(25));
    expect(await brokenAt("later_pending")).toEqual(daysBefore(25));
    expect(await brokenAt("later_churned")).toBeNull();
    expect(await brokenAt("later_other_user")).toBeNull();
    expect(await brokenAt("later_sandbox", "sandbox")).toBeNull();

    // A pending event PATCHed to churned later breaks the saves before it too (not those after).
    await record("patch_saved", "saver_4", "recovered", daysBefore(60));
    await record("patch_pending", "saver_4", undefined, daysBefore(40));
    await record("patch_after", "saver_4", "recovered", daysBefore(30));
    await patchEvent(ws, "patch_pending", { outcome: "churned", effectiveAt: daysBefore(35).toISOString() });
    expect(await brokenAt("patch_saved")).toEqual(daysBefore(35));
    expect(await brokenAt("patch_after")).toBeNull();
  });

  it("a save recorded after a later churn of the customer (a backfill) starts broken", async () => {
    await record("backfill_churned", "saver_6", "churned", daysBefore(20));
    await record("backfill_saved", "saver_6", "recovered", daysBefore(45));
    expect(await brokenAt("backfill_saved")).toEqual(daysBefore(20));
    await record("backfill_after", "saver_6", "recovered", daysBefore(10));
    expect(await brokenAt("backfill_after")).toBeNull();
  });

  it("a hosted session the customer confirms breaks their earlier saves", async () => {
    await record("hosted_saved", "saver_5", "recovered", daysBefore(40));
    const link = await newLink(ws, "saver_5");
    await view(link.token);
    await act(link.token, reason("too_expensive"));
    await act(link.token, { action: "confirm" });
    expect(await brokenAt("hosted_saved")).toEqual(NOW);
  });
});
