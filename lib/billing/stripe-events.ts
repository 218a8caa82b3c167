// What each Stripe event we subscribe to means for a workspace: one handler per kind of work,
// mapped from event types in one table. An event is only a hint of *which* customer changed: the
// work is to re-read that customer's subscriptions from Stripe (sync-subscription.ts), so the order
// and number of events don't matter.
import { z } from "zod";
import { syncCustomer } from "./sync-subscription";

export type StripeEventHandler = {
  /** What the handler reads from `event.data.object`: a signed event without it is refused (400). */
  reads: z.ZodType;
  handle: (object: unknown) => Promise<unknown> | null;
};

function handler<S extends z.ZodType>(
  reads: S,
  handle: (object: z.output<S>) => Promise<unknown> | null,
): StripeEventHandler {
  return { reads, handle: (object) => handle(reads.parse(object)) };
}

const customerRef = z.union([z.string().min(1).max(255), z.object({ id: z.string().min(1).max(255) })]);
const customerId = (c: z.output<typeof customerRef>) => (typeof c === "string" ? c : c.id);

/** Checkout finished: link the Stripe customer to the workspace that started it, then sync. */
const linkCheckoutCustomer = handler(
  z.object({
    mode: z.string().nullish(),
    customer: customerRef.nullish(),
    client_reference_id: z.string().max(255).nullish(),
  }),
  (session) =>
    session.mode === "subscription" && session.customer
      ? syncCustomer(customerId(session.customer), { workspaceId: session.client_reference_id })
      : null,
);

/** A subscription was created, changed, paused, resumed or deleted: sync its customer. */
const syncSubscription = handler(
  z.object({ customer: customerRef, metadata: z.record(z.string(), z.string()).nullish() }),
  (subscription) =>
    syncCustomer(customerId(subscription.customer), { workspaceId: subscription.metadata?.workspaceId }),
);

/**
 * An invoice was paid or its payment failed: sync its customer. The sync is what starts the
 * past-due grace period (and emails the owners) or ends it, whichever event brings the news first.
 */
const syncInvoiceCustomer = handler(z.object({ customer: customerRef.nullish() }), (invoice) =>
  invoice.customer ? syncCustomer(customerId(invoice.customer)) : null,
);

const HANDLERS: Record<string, StripeEventHandler> = {
  "checkout.session.completed": linkCheckoutCustomer,
  "customer.subscription.created": syncSubscription,
  "customer.subscription.updated": syncSubscription,
  "customer.subscription.deleted": syncSubscription,
  "customer.subscription.paused": syncSubscription,
  "customer.subscription.resumed": syncSubscription,
  "invoice.paid": syncInvoiceCustomer,
  "invoice.payment_failed": syncInvoiceCustomer,
};

/** The handler of an event type, or undefined for the types we ignore. */
export function stripeEventHandler(type: string): StripeEventHandler | undefined {
  return Object.hasOwn(HANDLERS, type) ? HANDLERS[type] : undefined;
}
