// A stateful fake of the bits of Stripe the app uses, for end-to-end runs: customers, Checkout (a
// real page with a Pay button that redirects back), subscriptions, the Billing Portal, and signed
// webhooks sent to the app as Stripe would. Control routes let a test fail a payment or cancel.
import { type FakeStripe, signStripeEvent, startFakeStripe } from "./fake-stripe";

type Sub = {
  id: string;
  object: "subscription";
  customer: string;
  status: string;
  created: number;
  trial_end: null;
  ended_at: number | null;
  canceled_at: number | null;
  cancel_at_period_end: boolean;
  metadata: Record<string, string>;
  items: { object: "list"; data: { id: string; price: { id: string }; current_period_end: number }[] };
};

export async function startFakeStripeApp(opts: { webhookUrl: string; webhookSecret: string }) {
  const fake: FakeStripe = await startFakeStripe();
  const subs: Sub[] = [];
  const sessions = new Map<
    string,
    { customer: string; workspaceId: string; price: string; success: string; cancel: string }
  >();
  let seq = 0;
  const now = () => Math.floor(Date.now() / 1000);

  async function send(type: string, object: unknown) {
    const { body, header } = signStripeEvent(
      { id: `evt_fake_${++seq}`, object: "event", type, created: now(), data: { object } },
      opts.webhookSecret,
    );
    await fetch(opts.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body,
    });
  }

  fake.route("POST", "/v1/customers", () => ({ json: { id: `cus_fake_${++seq}`, object: "customer" } }));
  fake.route("POST", "/v1/checkout/sessions", (req) => {
    const id = `cs_fake_${++seq}`;
    sessions.set(id, {
      customer: req.body.customer ?? "",
      workspaceId: req.body.client_reference_id ?? "",
      price: req.body["line_items[0][price]"] ?? "",
      success: req.body.success_url ?? "",
      cancel: req.body.cancel_url ?? "",
    });
    return { json: { id, object: "checkout.session", url: `${fake.url}/checkout/${id}` } };
  });
  fake.route("GET", "/checkout/:id", (req) => ({
    html: `<!doctype html><html lang="en"><title>Fake Stripe Checkout</title><main><h1>Fake Stripe Checkout</h1>
      <form method="post" action="/checkout/${req.params.id}/pay"><button>Pay</button></form>
      <a href="${sessions.get(req.params.id ?? "")?.cancel ?? "/"}">Back</a></main></html>`,
  }));
  fake.route("POST", "/checkout/:id/pay", async (req) => {
    const session = sessions.get(req.params.id ?? "");
    if (!session) return { status: 404, html: "unknown session" };
    const sub: Sub = {
      id: `sub_fake_${++seq}`,
      object: "subscription",
      customer: session.customer,
      status: "active",
      created: now() + seq,
      trial_end: null,
      ended_at: null,
      canceled_at: null,
      cancel_at_period_end: false,
      metadata: { workspaceId: session.workspaceId },
      items: {
        object: "list",
        data: [{ id: `si_${seq}`, price: { id: session.price }, current_period_end: now() + 30 * 86400 }],
      },
    };
    subs.push(sub);
    await send("checkout.session.completed", {
      object: "checkout.session",
      mode: "subscription",
      customer: session.customer,
      client_reference_id: session.workspaceId,
      subscription: sub.id,
    });
    return { status: 303, headers: { location: session.success } };
  });
  fake.route("GET", "/v1/subscriptions", (req) => ({
    json: { object: "list", has_more: false, data: subs.filter((s) => s.customer === req.query.customer) },
  }));
  fake.route("GET", "/v1/subscriptions/:id", (req) => {
    const sub = subs.find((s) => s.id === req.params.id);
    return sub
      ? { json: sub }
      : { status: 404, json: { error: { type: "invalid_request_error", message: "No such subscription" } } };
  });
  fake.route("POST", "/v1/billing_portal/sessions", (req) => ({
    json: {
      id: `bps_${++seq}`,
      object: "billing_portal.session",
      url: `${fake.url}/portal?return=${encodeURIComponent(req.body.return_url ?? "")}`,
    },
  }));
  fake.route("GET", "/portal", (req) => ({
    html: `<!doctype html><html lang="en"><title>Fake Billing Portal</title><main><h1>Fake Billing Portal</h1><a href="${req.query.return}">Return</a></main></html>`,
  }));

  // Test controls: what Stripe would do on its own.
  // They act on the newest subscription (one billing test at a time uses them).
  fake.route("POST", "/_control/:action", async (req) => {
    const sub = subs.at(-1);
    if (!sub) return { status: 404, json: { error: "no subscription" } };
    if (req.params.action === "fail-payment") {
      sub.status = "past_due";
      await send("invoice.payment_failed", { object: "invoice", customer: sub.customer });
    } else if (req.params.action === "cancel") {
      Object.assign(sub, { status: "canceled", ended_at: now() - 1, canceled_at: now() - 1 });
      await send("customer.subscription.deleted", sub);
    } else if (req.params.action === "pay") {
      sub.status = "active";
      await send("invoice.paid", { object: "invoice", customer: sub.customer });
    }
    return { json: { ok: true, status: sub.status } };
  });

  return fake;
}
