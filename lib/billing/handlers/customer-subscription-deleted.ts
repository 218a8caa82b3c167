import type Stripe from "stripe";
import { syncFromSubscriptionEvent } from "./subscription-changed";

export const handleCustomerSubscriptionDeleted = (event: Stripe.Event) => syncFromSubscriptionEvent(event);
