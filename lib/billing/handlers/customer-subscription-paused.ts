import type Stripe from "stripe";
import { syncFromSubscriptionEvent } from "./subscription-changed";

export const handleCustomerSubscriptionPaused = (event: Stripe.Event) => syncFromSubscriptionEvent(event);
