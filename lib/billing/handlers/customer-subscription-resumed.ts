import type Stripe from "stripe";
import { syncFromSubscriptionEvent } from "./subscription-changed";

export const handleCustomerSubscriptionResumed = (event: Stripe.Event) => syncFromSubscriptionEvent(event);
