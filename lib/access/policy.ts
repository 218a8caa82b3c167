// Who may change what in a workspace: one pure function, asked by the API wrapper
// (lib/api/handler.ts, for API keys) and by the dashboard's action wrapper (lib/dashboard/action.ts,
// for signed-in members), and by the pages that decide whether to show a form at all.
import { ApiError, type ERROR_STATUS } from "@/lib/api/errors";
import { accessState, readOnlyReason } from "@/lib/billing/access";
import { type Feature, PLANS, type PlanId, planFor, planHasFeature } from "@/lib/billing/plans";
import type { Role, SubscriptionStatus } from "@/lib/db";

/** `viewer`: the demo workspace, open read-only to every signed-in user. */
export type WorkspaceRole = Role | "viewer";

const RANK: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Members read; admins and owners change settings; owners also manage owners and billing. */
export function hasRole(role: WorkspaceRole, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

/**
 * Who may create, replace or revoke an invitation for `invitedRole`: admins and owners, and for an
 * invitation that makes its holder an owner, owners only (else an admin could swap an owner's
 * invitation for one of their own choosing, or cancel it).
 */
export function mayManageInvitation(actorRole: WorkspaceRole, invitedRole: Role): boolean {
  return hasRole(actorRole, invitedRole === "owner" ? "owner" : "admin");
}

/** The columns of a workspace the policy reads. */
export type PolicyWorkspace = {
  plan: PlanId;
  isDemo: boolean;
  subscriptionStatus: SubscriptionStatus;
  accessEndsAt: Date | null;
  pastDueSince?: Date | null;
};

/**
 * Who is asking. An API key acts for the whole workspace (no role); a dashboard member has one; a
 * domain function guarding itself (for the dashboard and the CLI alike) checks plan and state only.
 * Each is told the same refusals in its own words ("to write" vs "to make changes").
 */
export type Caller = { via: "api" } | { via: "dashboard"; role: WorkspaceRole } | { via: "domain" };

export type Requirement = {
  /** Changes something (default): the demo and read-only workspaces refuse it. */
  write?: boolean;
  /** Plan gate. */
  feature?: Feature;
  /** The least role a member needs (dashboard callers only). */
  role?: Role;
  /** Reachable while the subscription has ended, because it is how that is fixed (billing). */
  allowReadOnly?: boolean;
  /** Named in the role refusal: "Only owners can manage billing." (default "do this"). */
  task?: string;
  /** Said instead of the usual demo refusal, where that reads better ("The demo workspace has no billing."). */
  demoMessage?: string;
};

/** Billing: owners only, reachable while read-only (renewing is how it is fixed); the demo has none. */
export const MANAGE_BILLING: Requirement = {
  role: "owner",
  allowReadOnly: true,
  task: "manage billing",
  demoMessage: "The demo workspace has no billing.",
};

export type DenialCode = "plan_required" | "demo_workspace" | "subscription_inactive" | "forbidden";

export type Denial = {
  [C in DenialCode]: {
    code: C;
    status: (typeof ERROR_STATUS)[C];
    message: string;
    details?: { plan: PlanId; requiredPlan: PlanId };
  };
}[DenialCode];

// "<subject> require(s)": how the dashboard and the CLI name a feature they were refused.
const FEATURE_NEEDS: Record<Feature, string> = {
  hosted_flow: "The hosted cancellation flow requires",
  retention_health: "Retention health requires",
  custom_api: "The custom API requires",
  session_diagnostics: "Session diagnostics require",
  outbound_webhooks: "Outbound webhooks require",
  advanced_analytics: "Advanced analytics require",
  experiments: "Offer experiments require",
};

/**
 * Whether `caller` may do what `need` describes in `workspace`: null, or why not. In order — the
 * API's order, which its clients see: plan (403 `plan_required`), demo (403 `demo_workspace`),
 * read-only subscription (402 `subscription_inactive`), then the member's role (403 `forbidden`).
 */
export function checkAccess(
  workspace: PolicyWorkspace,
  caller: Caller,
  need: Requirement = {},
  now = new Date(),
): Denial | null {
  const api = caller.via === "api";
  const write = need.write ?? true;

  if (need.feature && !planHasFeature(workspace.plan, need.feature)) {
    const requiredPlan = planFor(need.feature);
    const name = PLANS[requiredPlan].name;
    return {
      code: "plan_required",
      status: 403,
      message: api
        ? `This endpoint requires the ${name} plan`
        : `${FEATURE_NEEDS[need.feature]} the ${name} plan`,
      details: { plan: workspace.plan, requiredPlan },
    };
  }
  if (write && workspace.isDemo) {
    return {
      code: "demo_workspace",
      status: 403,
      message: api
        ? "The demo workspace is read-only: create your own workspace to write"
        : (need.demoMessage ?? "The demo workspace is read-only: create your own workspace to make changes."),
    };
  }
  if (write && !need.allowReadOnly && accessState(workspace, now) === "read_only") {
    return {
      code: "subscription_inactive",
      status: 402,
      message:
        readOnlyReason(workspace) === "needs_plan"
          ? api
            ? "This workspace has no plan yet (the free trial was used on another workspace): choose a plan under Billing to write"
            : "This workspace has no plan yet (the free trial was used on another workspace): choose a plan under Billing to make changes."
          : api
            ? "This workspace is read-only because its subscription has ended: renew it under Billing to write again"
            : "This workspace is read-only because its subscription has ended: renew it under Billing to make changes.",
    };
  }
  if (caller.via === "dashboard" && need.role && !hasRole(caller.role, need.role)) {
    const who = need.role === "owner" ? "owners" : need.role === "admin" ? "admins and owners" : "members";
    return { code: "forbidden", status: 403, message: `Only ${who} can ${need.task ?? "do this"}.` };
  }
  return null;
}

/** For pages: whether to offer the form at all (the action asks again, whatever the page showed). */
export function can(
  workspace: PolicyWorkspace & { role: WorkspaceRole },
  need: Requirement = {},
  now = new Date(),
): boolean {
  return checkAccess(workspace, { via: "dashboard", role: workspace.role }, need, now) === null;
}

/** A denial as the API's error (same code, status and message). */
export function denialError(denial: Denial): ApiError {
  return new ApiError(denial.code, denial.message, denial.details);
}
