// Plans in one place: every plan gate in the app reads from here.
export const FEATURES = [
  "hosted_flow",
  "retention_health",
  "custom_api",
  "session_diagnostics",
  "outbound_webhooks",
  "advanced_analytics",
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
      "Everything in Core, plus the custom API, session diagnostics, outbound webhooks and advanced analytics.",
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
