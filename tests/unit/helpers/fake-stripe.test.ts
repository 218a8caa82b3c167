import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeStripe,
  signStripeEvent,
  startFakeStripe,
  stripeClientFor,
} from "../../helpers/fake-stripe";

let fake: FakeStripe | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("fake Stripe", () => {
  it("serves stripe.balance.retrieve() through the real SDK", async () => {
    fake = await startFakeStripe();
    expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);

    const balance = await stripeClientFor(fake).balance.retrieve();

    expect(balance).toMatchObject({ object: "balance", available: [], pending: [], livemode: false });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: "GET", path: "/v1/balance" });
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer sk_test_fake");
  });

  it("records a customers.create POST with its form body parsed into flat keys", async () => {
    fake = await startFakeStripe();
    fake.route("POST", "/v1/customers", (req) => ({
      json: {
        id: "cus_fake_1",
        object: "customer",
        email: req.body.email,
        metadata: { a: req.body["metadata[a]"] },
      },
    }));

    const customer = await stripeClientFor(fake).customers.create({
      email: "owner@merchant.test",
      metadata: { a: "1" },
    });

    expect(customer).toMatchObject({ id: "cus_fake_1", email: "owner@merchant.test", metadata: { a: "1" } });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/customers" });
    expect(request?.body).toEqual({ email: "owner@merchant.test", "metadata[a]": "1" });
    expect(request?.headers["content-type"]).toContain("application/x-www-form-urlencoded");
  });

  it("matches :param segments, lets a later route override an earlier one, and reports status", async () => {
    fake = await startFakeStripe();
    const stripe = stripeClientFor(fake);
    fake.route("GET", "/v1/subscriptions/:id", (req) => ({
      json: { id: req.params.id, object: "subscription", status: "active" },
    }));
    const removeOverride = fake.route("GET", /^\/v1\/subscriptions\/(?<id>sub_gone)$/, () => ({
      status: 404,
      json: { error: { type: "invalid_request_error", message: "No such subscription: 'sub_gone'" } },
    }));

    await expect(stripe.subscriptions.retrieve("sub_123")).resolves.toMatchObject({
      id: "sub_123",
      status: "active",
    });
    await expect(stripe.subscriptions.retrieve("sub_gone")).rejects.toMatchObject({ statusCode: 404 });
    removeOverride();
    await expect(stripe.subscriptions.retrieve("sub_gone")).resolves.toMatchObject({ id: "sub_gone" });
  });

  it("answers an unknown route with a 404 the SDK raises as an invalid request error", async () => {
    fake = await startFakeStripe();

    const error = await stripeClientFor(fake)
      .invoices.retrieve("in_missing")
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      type: "StripeInvalidRequestError",
      message: expect.stringContaining("Unrecognized request URL (GET: /v1/invoices/in_missing)"),
    });
    expect(fake.requests.map((r) => r.path)).toEqual(["/v1/invoices/in_missing"]);
  });

  it("signStripeEvent output is accepted by stripe.webhooks.constructEvent, and only with its secret", () => {
    const stripe = new Stripe("sk_test_fake");
    const event = {
      id: "evt_fake_1",
      object: "event",
      type: "invoice.paid",
      data: { object: { id: "in_1" } },
    };
    const { body, header } = signStripeEvent(event, "whsec_fake");

    expect(JSON.parse(body)).toEqual(event);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(stripe.webhooks.constructEvent(body, header, "whsec_fake")).toMatchObject({
      id: "evt_fake_1",
      type: "invoice.paid",
    });
    expect(() => stripe.webhooks.constructEvent(body, header, "whsec_other")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = signStripeEvent(event, "whsec_fake", { timestamp: Math.floor(Date.now() / 1000) - 3_600 });
    expect(() => stripe.webhooks.constructEvent(stale.body, stale.header, "whsec_fake")).toThrow(
      /tolerance/i,
    );
  });
});
