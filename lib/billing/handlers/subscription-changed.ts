import type Stripe from "stripe";
import { syncCustomer } from "../sync-subscription";

const customerOf = (c: string | { id: string }) => (typeof c === "string" ? c : c.id);

/** Shared by every customer.subscription.* event: re-read the customer's subscriptions. */
export function syncFromSubscriptionEvent(event: Stripe.Event) {
  const sub = event.data.object as Stripe.Subscription;
  return syncCustomer(customerOf(sub.customer), { workspaceId: sub.metadata?.workspaceId });
}

/** Shared by invoice.* events. */
export function syncFromInvoiceEvent(event: Stripe.Event) {
  const invoice = event.data.object as Stripe.Invoice;
  return invoice.customer ? syncCustomer(customerOf(invoice.customer)) : null;
}
