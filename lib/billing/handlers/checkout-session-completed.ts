import type Stripe from "stripe";
import { syncCustomer } from "../sync-subscription";

/** Checkout finished: link the Stripe customer to the workspace that started it, then sync. */
export function handleCheckoutSessionCompleted(event: Stripe.Event) {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode !== "subscription" || !session.customer) return null;
  const customer = typeof session.customer === "string" ? session.customer : session.customer.id;
  return syncCustomer(customer, { workspaceId: session.client_reference_id });
}
