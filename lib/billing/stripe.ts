import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

let client: { key: string; stripe: Stripe } | undefined;

/** Billing is on when STRIPE_SECRET_KEY is set; self-hosters without it set plans with the CLI. */
export function billingEnabled(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY);
}

/** The Stripe SDK, pointed at STRIPE_API_BASE when set (tests use a local fake), else at Stripe. */
export function stripe(): Stripe {
  const e = env();
  if (!e.STRIPE_SECRET_KEY) throw new Error("Billing is off: STRIPE_SECRET_KEY is not set");
  if (client?.key !== e.STRIPE_SECRET_KEY) {
    const base = e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : null;
    client = {
      key: e.STRIPE_SECRET_KEY,
      stripe: new Stripe(e.STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        telemetry: false,
        ...(base
          ? {
              host: base.hostname,
              port: base.port || (base.protocol === "https:" ? 443 : 80),
              protocol: base.protocol === "https:" ? "https" : "http",
            }
          : {}),
      }),
    };
  }
  return client.stripe;
}
