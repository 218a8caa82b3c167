import type Stripe from "stripe";
import { syncFromSubscriptionEvent } from "./subscription-changed";

export const handleCustomerSubscriptionUpdated = (event: Stripe.Event) => syncFromSubscriptionEvent(event);
