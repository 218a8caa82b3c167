// The write policy as a pure function: what the API and the dashboard refuse, why, and in which order.
import { describe, expect, it } from "vitest";
import {
  type Caller,
  can,
  checkAccess,
  hasRole,
  MANAGE_BILLING,
  type PolicyWorkspace,
} from "@/lib/access/policy";

const now = new Date("2026-11-27T12:00:00Z");
const ended = new Date("2026-11-20T00:00:00Z");

const workspace = (over: Partial<PolicyWorkspace> = {}): PolicyWorkspace => ({
  plan: "advanced",
  isDemo: false,
  subscriptionStatus: "active",
  accessEndsAt: null,
  pastDueSince: null,
  ...over,
});
const core = workspace({ plan: "core" });
const demo = workspace({ isDemo: true });
const lapsed = workspace({ subscriptionStatus: "canceled", accessEndsAt: ended });
const api: Caller = { via: "api" };
const member = (role: "owner" | "admin" | "member" | "viewer"): Caller => ({ via: "dashboard", role });

describe("the write policy", () => {
  it("lets a full workspace do everything its plan has", () => {
    expect(checkAccess(workspace(), api, { feature: "custom_api" }, now)).toBeNull();
    expect(checkAccess(workspace(), member("admin"), { role: "admin" }, now)).toBeNull();
    expect(checkAccess(core, api, { feature: "hosted_flow" }, now)).toBeNull();
  });

  it("refuses a feature outside the plan with 403 plan_required, reads included, naming the plan", () => {
    expect(checkAccess(core, api, { feature: "custom_api", write: false }, now)).toEqual({
      code: "plan_required",
      status: 403,
      message: "This endpoint requires the Advanced plan",
      details: { plan: "core", requiredPlan: "advanced" },
    });
    expect(
      checkAccess(core, { via: "domain" }, { feature: "outbound_webhooks", write: false }, now),
    ).toMatchObject({ code: "plan_required", message: "Outbound webhooks require the Advanced plan" });
  });

  it("keeps the demo workspace read-only: 403 demo_workspace on writes, reads pass", () => {
    expect(checkAccess(demo, api, {}, now)).toEqual({
      code: "demo_workspace",
      status: 403,
      message: "The demo workspace is read-only: create your own workspace to write",
    });
    expect(checkAccess(demo, member("viewer"), { role: "admin" }, now)?.message).toBe(
      "The demo workspace is read-only: create your own workspace to make changes.",
    );
    expect(checkAccess(demo, api, { write: false }, now)).toBeNull();
  });

  it("refuses writes once the subscription has ended with 402 subscription_inactive; reads keep working", () => {
    expect(checkAccess(lapsed, api, {}, now)).toEqual({
      code: "subscription_inactive",
      status: 402,
      message:
        "This workspace is read-only because its subscription has ended: renew it under Billing to write again",
    });
    expect(checkAccess(lapsed, member("owner"), { role: "admin" }, now)?.message).toBe(
      "This workspace is read-only because its subscription has ended: renew it under Billing to make changes.",
    );
    expect(checkAccess(lapsed, api, { write: false }, now)).toBeNull();
    // The clock is the caller's: the same workspace before its access ended was writable.
    expect(checkAccess(lapsed, api, {}, new Date("2026-11-19T00:00:00Z"))).toBeNull();
  });

  it("tells a workspace that never had a plan (the user's trial was used elsewhere) to choose one, not that it ended", () => {
    const noPlan = workspace({ subscriptionStatus: "incomplete", accessEndsAt: null });
    expect(checkAccess(noPlan, api, {}, now)).toEqual({
      code: "subscription_inactive",
      status: 402,
      message:
        "This workspace has no plan yet (the free trial was used on another workspace): choose a plan under Billing to write",
    });
    expect(checkAccess(noPlan, member("owner"), { role: "admin" }, now)?.message).toMatch(/no plan yet/);
    expect(checkAccess(noPlan, api, { write: false }, now)).toBeNull();
  });

  it("checks a member's role last, and never for API keys (a key acts for the whole workspace)", () => {
    expect(checkAccess(workspace(), member("member"), { role: "admin" }, now)).toEqual({
      code: "forbidden",
      status: 403,
      message: "Only admins and owners can do this.",
    });
    expect(checkAccess(workspace(), member("admin"), { role: "owner" }, now)?.message).toBe(
      "Only owners can do this.",
    );
    expect(checkAccess(workspace(), api, { role: "owner" }, now)).toBeNull();
    expect(hasRole("owner", "admin")).toBe(true);
    expect(hasRole("viewer", "member")).toBe(false);
  });

  it("answers in the API's order: plan, then demo, then read-only, then role", () => {
    const everything = workspace({
      plan: "core",
      isDemo: true,
      subscriptionStatus: "canceled",
      accessEndsAt: ended,
    });
    const need = { feature: "outbound_webhooks", role: "owner" } as const;
    expect(checkAccess(everything, member("viewer"), need, now)?.code).toBe("plan_required");
    expect(checkAccess({ ...everything, plan: "advanced" }, member("viewer"), need, now)?.code).toBe(
      "demo_workspace",
    );
    expect(
      checkAccess({ ...everything, plan: "advanced", isDemo: false }, member("member"), need, now)?.code,
    ).toBe("subscription_inactive");
    expect(checkAccess(workspace(), member("member"), need, now)?.code).toBe("forbidden");
  });

  it("keeps billing reachable for owners of a read-only workspace: renewing is how it is fixed", () => {
    expect(checkAccess(lapsed, member("owner"), MANAGE_BILLING, now)).toBeNull();
    expect(checkAccess(lapsed, member("admin"), MANAGE_BILLING, now)?.message).toBe(
      "Only owners can manage billing.",
    );
    expect(checkAccess(demo, member("viewer"), MANAGE_BILLING, now)?.message).toBe(
      "The demo workspace has no billing.",
    );
  });

  it("tells pages whether to offer a form", () => {
    expect(can({ ...workspace(), role: "admin" }, { role: "admin" }, now)).toBe(true);
    expect(can({ ...workspace(), role: "member" }, { role: "admin" }, now)).toBe(false);
    expect(can({ ...lapsed, role: "owner" }, { role: "admin" }, now)).toBe(false);
    expect(can({ ...demo, role: "viewer" }, { role: "member" }, now)).toBe(false);
  });
});
