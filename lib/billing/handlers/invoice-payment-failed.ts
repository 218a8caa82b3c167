import type Stripe from "stripe";
import { syncFromInvoiceEvent } from "./subscription-changed";

/** The subscription turns past_due: the sync starts the grace period and emails the owners. */
export const handleInvoicePaymentFailed = (event: Stripe.Event) => syncFromInvoiceEvent(event);
