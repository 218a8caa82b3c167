import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { GET as listCancellations, POST as postCancellation } from "@/app/api/v1/cancellations/route";
import { accessState } from "@/lib/billing/access";
import { startCheckout } from "@/lib/billing/checkout";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { apiRequest, createTestWorkspace } from "../helpers/factories";
import { type FakeStripe, signStripeEvent, startFakeStripe } from "../helpers/fake-stripe";
import { type SmtpCapture, startSmtpCapture } from "../helpers/smtp-capture";

const WEBHOOK_SECRET = "whsec_test_billing_0123456789";
let fake: FakeStripe;
let smtp: SmtpCapture;
// The fake's world: subscriptions by customer, changed by the tests as Stripe would change them.
const subscriptions = new Map<string, Record<string, unknown>[]>();
let seq = 0;

function subscription(customer: string, status: string, price: string, extra: Record<string, unknown> = {}) {
  const sub = {
    id: `sub_${++seq}`,
    object: "subscription",
    customer,
    status,
    created: 1_700_000_000 + seq,
    trial_end: null,
    ended_at: null,
    canceled_at: null,
    cancel_at_period_end: false,
    metadata: {},
    items: {
      object: "list",
      data: [{ id: `si_${seq}`, price: { id: price }, current_period_end: 1_900_000_000 }],
    },
    ...extra,
  };
  subscriptions.set(customer, [...(subscriptions.get(customer) ?? []), sub]);
  return sub;
}

function event(type: string, object: Record<string, unknown>, id = `evt_${++seq}`) {
  return {
    id,
    object: "event",
    type,
    api_version: "2026-10-28.endive",
    created: 1_800_000_000,
    data: { object },
  };
}

async function deliver(evt: object, opts: { secret?: string; header?: string } = {}) {
  const { body, header } = signStripeEvent(evt, opts.secret ?? WEBHOOK_SECRET);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.header !== "") headers["stripe-signature"] = opts.header ?? header;
  return stripeWebhook(apiRequest("/api/stripe/webhook", { rawBody: body, headers }));
}

beforeAll(async () => {
  fake = await startFakeStripe();
  smtp = await startSmtpCapture();
  let customers = 0;
  fake.route("POST", "/v1/customers", (req) => ({
    json: { id: `cus_${++customers}`, object: "customer", email: req.body.email },
  }));
  fake.route("POST", "/v1/checkout/sessions", (req) => ({
    json: {
      id: "cs_test_1",
      object: "checkout.session",
      url: `${fake.url}/pay/cs_test_1`,
      customer: req.body.customer,
    },
  }));
  fake.route("GET", "/v1/subscriptions", (req) => ({
    json: { object: "list", has_more: false, data: subscriptions.get(req.query.customer ?? "") ?? [] },
  }));
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_fake",
    STRIPE_API_BASE: fake.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PRICE_CORE: "price_core",
    STRIPE_PRICE_ADVANCED: "price_advanced",
    SMTP_URL: smtp.url,
  });
  resetEnvCache();
});

afterAll(async () => {
  for (const k of [
    "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_PRICE_CORE",
    "STRIPE_PRICE_ADVANCED",
    "SMTP_URL",
  ]) {
    delete process.env[k];
  }
  resetEnvCache();
  await fake.close();
  await smtp.close();
});

beforeEach(() => smtp.clear());

async function ownerWorkspace(plan: "core" | "advanced" = "core") {
  const user = await db.user.create({ data: { email: `owner-${++seq}@example.com` } });
  const ws = await createTestWorkspace({ plan, subscription: "trialing", ownerUserId: user.id });
  return { ...ws, user };
}

const newEvent = (key: string) =>
  postCancellation(
    apiRequest("/api/v1/cancellations", { apiKey: key, body: { eventId: `e_${++seq}`, reasonKey: "other" } }),
  );
const readWs = (id: string) => db.workspace.findUniqueOrThrow({ where: { id } });

describe("Stripe billing lifecycle", () => {
  it("checkout → webhook → Advanced: the custom API opens up", async () => {
    const { workspace, apiKey, user } = await ownerWorkspace("core");
    expect((await newEvent(apiKey.key)).status).toBe(403);

    const url = await startCheckout({ workspaceId: workspace.id, plan: "advanced", email: user.email! });
    expect(url).toContain("/pay/cs_test_1");
    const checkoutReq = fake.requests.findLast((r) => r.path === "/v1/checkout/sessions")!;
    expect(checkoutReq.body).toMatchObject({
      mode: "subscription",
      client_reference_id: workspace.id,
      "line_items[0][price]": "price_advanced",
    });
    const customer = checkoutReq.body.customer!;
    expect((await readWs(workspace.id)).stripeCustomerId).toBe(customer);
    // The plan does not change until Stripe says so.
    expect((await readWs(workspace.id)).plan).toBe("core");

    subscription(customer, "active", "price_advanced");
    const res = await deliver(
      event("checkout.session.completed", {
        object: "checkout.session",
        mode: "subscription",
        customer,
        client_reference_id: workspace.id,
      }),
    );
    expect(res.status).toBe(200);
    const ws = await readWs(workspace.id);
    expect(ws).toMatchObject({ plan: "advanced", subscriptionStatus: "active", accessEndsAt: null });
    expect((await newEvent(apiKey.key)).status).toBe(201);
  });

  it("trial → paid → past due (banner, owners emailed) → lapsed (402, reads work) → reactivated", async () => {
    const { workspace, apiKey, user } = await ownerWorkspace("advanced");
    const customer = `cus_life_${++seq}`;
    await db.workspace.update({ where: { id: workspace.id }, data: { stripeCustomerId: customer } });

    const paid = subscription(customer, "active", "price_advanced");
    await deliver(event("customer.subscription.created", { ...paid }));
    expect((await readWs(workspace.id)).subscriptionStatus).toBe("active");

    paid.status = "past_due";
    await deliver(event("invoice.payment_failed", { object: "invoice", customer }));
    let ws = await readWs(workspace.id);
    expect(ws.subscriptionStatus).toBe("past_due");
    expect(ws.pastDueSince).not.toBeNull();
    expect(accessState(ws)).toBe("grace");
    const mail = await smtp.waitFor((m) => m.to.includes(user.email!));
    expect(mail.subject).toMatch(/Payment failed/);
    expect((await newEvent(apiKey.key)).status).toBe(201);

    // A second failure does not email again.
    await deliver(event("invoice.payment_failed", { object: "invoice", customer }));
    expect(smtp.messages.filter((m) => m.to.includes(user.email!))).toHaveLength(1);

    Object.assign(paid, { status: "canceled", ended_at: Math.floor(Date.now() / 1000) - 60 });
    await deliver(event("customer.subscription.deleted", { ...paid }));
    ws = await readWs(workspace.id);
    expect(ws.subscriptionStatus).toBe("canceled");
    expect(accessState(ws)).toBe("read_only");
    const write = await newEvent(apiKey.key);
    expect(write.status).toBe(402);
    expect((await write.json()).error.code).toBe("subscription_inactive");
    const read = await listCancellations(apiRequest("/api/v1/cancellations", { apiKey: apiKey.key }));
    expect(read.status).toBe(200);
    expect((await read.json()).data.length).toBeGreaterThan(0);

    subscription(customer, "active", "price_core");
    await deliver(event("customer.subscription.created", { object: "subscription", customer }));
    ws = await readWs(workspace.id);
    expect(ws).toMatchObject({ subscriptionStatus: "active", plan: "core", pastDueSince: null });
    expect(accessState(ws)).toBe("full");
  });

  it("past due for more than the grace week turns read-only", async () => {
    const { workspace, apiKey } = await ownerWorkspace("advanced");
    await db.workspace.update({
      where: { id: workspace.id },
      data: { subscriptionStatus: "past_due", pastDueSince: new Date(Date.now() - 8 * 86_400_000) },
    });
    expect((await newEvent(apiKey.key)).status).toBe(402);
  });

  it("replays are no-ops and out-of-order events converge on Stripe's current state", async () => {
    const { workspace } = await ownerWorkspace("advanced");
    const customer = `cus_order_${++seq}`;
    await db.workspace.update({ where: { id: workspace.id }, data: { stripeCustomerId: customer } });
    const sub = subscription(customer, "canceled", "price_advanced", {
      ended_at: Math.floor(Date.now() / 1000) - 10,
    });

    const deleted = event("customer.subscription.deleted", { ...sub });
    expect(await (await deliver(deleted)).json()).toMatchObject({ received: true, handled: true });
    expect(await (await deliver(deleted)).json()).toMatchObject({ received: true, duplicate: true });
    expect(await db.stripeEvent.count({ where: { id: deleted.id } })).toBe(1);

    // An older "active" update arriving late does not resurrect the subscription.
    await deliver(event("customer.subscription.updated", { ...sub, status: "active" }));
    expect((await readWs(workspace.id)).subscriptionStatus).toBe("canceled");
  });

  it("runs the handler once when two deliveries of one event arrive at the same moment", async () => {
    const { workspace } = await ownerWorkspace("core");
    const customer = `cus_twice_${++seq}`;
    await db.workspace.update({ where: { id: workspace.id }, data: { stripeCustomerId: customer } });
    subscription(customer, "active", "price_advanced");
    // The handler's read of Stripe is held open until both deliveries have had their chance.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let reads = 0;
    let secondRead!: () => void;
    const twoReads = new Promise<void>((r) => {
      secondRead = r;
    });
    const unroute = fake.route("GET", "/v1/subscriptions", async (req) => {
      if (req.query.customer === customer && ++reads === 2) secondRead();
      await held;
      return {
        json: { object: "list", has_more: false, data: subscriptions.get(req.query.customer ?? "") ?? [] },
      };
    });
    try {
      const evt = event("customer.subscription.updated", { object: "subscription", customer });
      const deliveries = [deliver(evt), deliver(evt)];
      // Either one delivery answers while the other's handler waits, or both handlers read Stripe.
      await Promise.race([...deliveries, twoReads]);
      release();
      const answers = await Promise.all(
        deliveries.map(async (d) => [(await d).status, await (await d).json()]),
      );
      expect(reads).toBe(1);
      expect(answers.map(([status]) => status)).toEqual([200, 200]);
      expect(answers.map(([, body]) => body)).toEqual(
        expect.arrayContaining([
          { received: true, handled: true },
          { received: true, duplicate: true },
        ]),
      );
      expect((await readWs(workspace.id)).plan).toBe("advanced");
    } finally {
      release();
      unroute();
    }
  });

  it("gives the event back when its handler fails (500), so Stripe's retry processes it", async () => {
    const { workspace } = await ownerWorkspace("core");
    const customer = `cus_retry_${++seq}`;
    await db.workspace.update({ where: { id: workspace.id }, data: { stripeCustomerId: customer } });
    subscription(customer, "active", "price_advanced");
    const unroute = fake.route("GET", "/v1/subscriptions", () => ({
      status: 500,
      json: { error: { type: "api_error", message: "Stripe is having a moment" } },
    }));
    const evt = event("invoice.paid", { object: "invoice", customer });
    let failed: Response;
    try {
      failed = await deliver(evt);
    } finally {
      unroute();
    }
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.code).toBe("internal_error");
    expect(await db.stripeEvent.count({ where: { id: evt.id } })).toBe(0);
    expect((await readWs(workspace.id)).plan).toBe("core");

    const retried = await deliver(evt);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ received: true, handled: true });
    expect((await readWs(workspace.id)).plan).toBe("advanced");
    expect(await (await deliver(evt)).json()).toEqual({ received: true, duplicate: true });
  });

  it("refuses bad or missing signatures with 400 and ignores unknown events", async () => {
    const evt = event("invoice.paid", { object: "invoice", customer: "cus_x" });
    expect((await deliver(evt, { secret: "whsec_wrong_secret_0000000" })).status).toBe(400);
    expect((await deliver(evt, { header: "" })).status).toBe(400);
    expect((await deliver(evt, { header: "t=1,v1=deadbeef" })).status).toBe(400);
    const unknown = await deliver(event("customer.tax_id.created", { object: "tax_id" }));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ received: true, handled: false });
  });
});
