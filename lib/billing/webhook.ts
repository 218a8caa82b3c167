import Stripe from "stripe";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { unstorableText } from "@/lib/api/text";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { handleCheckoutSessionCompleted } from "./handlers/checkout-session-completed";
import { handleCustomerSubscriptionCreated } from "./handlers/customer-subscription-created";
import { handleCustomerSubscriptionDeleted } from "./handlers/customer-subscription-deleted";
import { handleCustomerSubscriptionPaused } from "./handlers/customer-subscription-paused";
import { handleCustomerSubscriptionResumed } from "./handlers/customer-subscription-resumed";
import { handleCustomerSubscriptionUpdated } from "./handlers/customer-subscription-updated";
import { handleInvoicePaid } from "./handlers/invoice-paid";
import { handleInvoicePaymentFailed } from "./handlers/invoice-payment-failed";

const HANDLERS: Record<string, (event: Stripe.Event) => Promise<unknown> | null> = {
  "checkout.session.completed": handleCheckoutSessionCompleted,
  "customer.subscription.created": handleCustomerSubscriptionCreated,
  "customer.subscription.updated": handleCustomerSubscriptionUpdated,
  "customer.subscription.deleted": handleCustomerSubscriptionDeleted,
  "customer.subscription.paused": handleCustomerSubscriptionPaused,
  "customer.subscription.resumed": handleCustomerSubscriptionResumed,
  "invoice.paid": handleInvoicePaid,
  "invoice.payment_failed": handleInvoicePaymentFailed,
};

// What the handlers read from an event before re-reading the customer from Stripe. A signed event
// is trusted, not assumed well-formed: one without these is refused (400) instead of crashing (500).
const customerRef = z.union([z.string().min(1).max(255), z.object({ id: z.string().min(1).max(255) })]);
const subscriptionObject = z.object({
  customer: customerRef,
  metadata: z.record(z.string(), z.string()).nullish(),
});
const OBJECT_SHAPES: Record<string, z.ZodType> = {
  "checkout.session.completed": z.object({
    mode: z.string().nullish(),
    customer: customerRef.nullish(),
    client_reference_id: z.string().max(255).nullish(),
  }),
  "customer.subscription.created": subscriptionObject,
  "customer.subscription.updated": subscriptionObject,
  "customer.subscription.deleted": subscriptionObject,
  "customer.subscription.paused": subscriptionObject,
  "customer.subscription.resumed": subscriptionObject,
  "invoice.paid": z.object({ customer: customerRef.nullish() }),
  "invoice.payment_failed": z.object({ customer: customerRef.nullish() }),
};
const eventShape = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

function assertUsableEvent(event: unknown): asserts event is Stripe.Event {
  const parsed = eventShape.safeParse(event);
  const shape = parsed.success ? OBJECT_SHAPES[parsed.data.type] : undefined;
  const object = parsed.success ? parsed.data.data.object : undefined;
  if (!parsed.success || (shape && !shape.safeParse(object).success) || unstorableText(event).length) {
    throw new ApiError("invalid_request", "Malformed Stripe event");
  }
}

/**
 * A Stripe webhook: the signature is checked on the raw body; each event id is handled once (a
 * replay is a no-op), and only after its handler succeeds, so a failure makes Stripe retry.
 */
export async function handleStripeWebhook(rawBody: string, signature: string | null) {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new ApiError("not_found", "Billing is not configured on this server");
  if (!signature) throw new ApiError("invalid_request", "Missing Stripe-Signature header");
  let event: Stripe.Event;
  try {
    event = await Stripe.webhooks.constructEventAsync(rawBody, signature, secret);
  } catch {
    throw new ApiError("invalid_request", "Invalid Stripe signature");
  }
  assertUsableEvent(event);
  const seen = await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } });
  if (seen) return { received: true, duplicate: true };
  const handler = HANDLERS[event.type];
  if (handler) await handler(event);
  else logger.debug({ type: event.type }, "stripe event ignored");
  await db.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
  return { received: true, handled: Boolean(handler) };
}
