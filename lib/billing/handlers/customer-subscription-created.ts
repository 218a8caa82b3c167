import type Stripe from "stripe";
import { syncFromSubscriptionEvent } from "./subscription-changed";

export const handleCustomerSubscriptionCreated = (event: Stripe.Event) => syncFromSubscriptionEvent(event);
