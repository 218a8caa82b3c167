import type Stripe from "stripe";
import { syncFromInvoiceEvent } from "./subscription-changed";

/** A paid invoice ends any past-due period: the sync clears it. */
export const handleInvoicePaid = (event: Stripe.Event) => syncFromInvoiceEvent(event);
