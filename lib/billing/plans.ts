import { env } from "@/lib/env";

// Plans in one place: every plan gate in the app reads from here.
export const FEATURES = [
  "hosted_flow",
  "retention_health",
  "custom_api",
  "session_diagnostics",
  "outbound_webhooks",
  "advanced_analytics",
  "experiments",
] as const;
export type Feature = (typeof FEATURES)[number];
export type PlanId = "core" | "advanced";

export const PLANS: Record<PlanId, { name: string; description: string; features: readonly Feature[] }> = {
  core: {
    name: "Core",
    description: "Hosted cancellation flow and retention health.",
    features: ["hosted_flow", "retention_health"],
  },
  advanced: {
    name: "Advanced",
    description:
      "Everything in Core, plus the custom API, session diagnostics, outbound webhooks, advanced analytics and offer experiments.",
    features: FEATURES,
  },
};

export function planHasFeature(plan: PlanId, feature: Feature): boolean {
  return PLANS[plan].features.includes(feature);
}

/** The cheapest plan that includes `feature`, for "upgrade to …" messages. */
export function planFor(feature: Feature): PlanId {
  return planHasFeature("core", feature) ? "core" : "advanced";
}

/** The Stripe price of a plan (STRIPE_PRICE_CORE / STRIPE_PRICE_ADVANCED). */
export function priceFor(plan: PlanId): string | undefined {
  const e = env();
  return plan === "core" ? e.STRIPE_PRICE_CORE : e.STRIPE_PRICE_ADVANCED;
}

/** Which plan a Stripe price buys; unknown prices buy nothing. */
export function planForPrice(priceId: string | null | undefined): PlanId | null {
  if (!priceId) return null;
  const e = env();
  if (priceId === e.STRIPE_PRICE_ADVANCED) return "advanced";
  if (priceId === e.STRIPE_PRICE_CORE) return "core";
  return null;
}
