import { describe, expect, it } from "vitest";
import { accessState } from "@/lib/billing/access";
import { planFor, planHasFeature } from "@/lib/billing/plans";

const now = new Date("2026-11-27T12:00:00Z");
const past = new Date("2026-11-20T00:00:00Z");
const future = new Date("2026-12-20T00:00:00Z");

describe("access", () => {
  it("gives full access without billing and on active subscriptions", () => {
    expect(accessState({ subscriptionStatus: "none", accessEndsAt: null }, now)).toBe("full");
    expect(accessState({ subscriptionStatus: "active", accessEndsAt: future }, now)).toBe("full");
  });
  it("ends a trial at its end date", () => {
    expect(accessState({ subscriptionStatus: "trialing", accessEndsAt: future }, now)).toBe("full");
    expect(accessState({ subscriptionStatus: "trialing", accessEndsAt: past }, now)).toBe("read_only");
  });
  it("keeps a canceled subscription until the paid period ends, then goes read-only", () => {
    expect(accessState({ subscriptionStatus: "canceled", accessEndsAt: future }, now)).toBe("full");
    expect(accessState({ subscriptionStatus: "canceled", accessEndsAt: past }, now)).toBe("read_only");
    expect(accessState({ subscriptionStatus: "unpaid", accessEndsAt: null }, now)).toBe("read_only");
  });
  it("gives past-due workspaces a grace period", () => {
    expect(accessState({ subscriptionStatus: "past_due", accessEndsAt: past }, now)).toBe("grace");
  });
});

describe("plans", () => {
  it("keeps the custom API, diagnostics and webhooks on Advanced", () => {
    expect(planHasFeature("core", "hosted_flow")).toBe(true);
    expect(planHasFeature("core", "custom_api")).toBe(false);
    expect(planHasFeature("advanced", "custom_api")).toBe(true);
    expect(planFor("session_diagnostics")).toBe("advanced");
    expect(planFor("hosted_flow")).toBe("core");
  });
});
