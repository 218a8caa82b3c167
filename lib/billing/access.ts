import type { SubscriptionStatus } from "@/lib/db";
import { env } from "@/lib/env";

export type AccessState = "full" | "grace" | "read_only";

/**
 * What a workspace may do given its subscription. `read_only` keeps reads and exports working and
 * refuses writes (402); nothing is ever deleted. `none` = never subscribed (self-hosted, no billing).
 */
export const PAST_DUE_GRACE_DAYS = 7;

export function accessState(
  ws: { subscriptionStatus: SubscriptionStatus; accessEndsAt: Date | null; pastDueSince?: Date | null },
  now = new Date(),
): AccessState {
  const ended = ws.accessEndsAt !== null && ws.accessEndsAt.getTime() <= now.getTime();
  switch (ws.subscriptionStatus) {
    case "none":
    case "active":
      return "full";
    case "trialing":
      return ended ? "read_only" : "full";
    // Stripe retries the payment; meanwhile everything works, with a banner, for a week.
    case "past_due":
      return ws.pastDueSince && now.getTime() - ws.pastDueSince.getTime() > PAST_DUE_GRACE_DAYS * 86_400_000
        ? "read_only"
        : "grace";
    // Canceled at period end keeps access until accessEndsAt.
    case "canceled":
    case "unpaid":
    case "paused":
    case "incomplete":
    case "incomplete_expired":
      return ws.accessEndsAt !== null && !ended ? "full" : "read_only";
  }
}

/**
 * Why a read-only workspace is read-only: `needs_plan` — it never had a plan (a user's second
 * workspace, after their one free trial, starts `incomplete` without access) — or `ended`.
 */
export function readOnlyReason(ws: {
  subscriptionStatus: SubscriptionStatus;
  accessEndsAt: Date | null;
}): "needs_plan" | "ended" {
  return ws.subscriptionStatus === "incomplete" && ws.accessEndsAt === null ? "needs_plan" : "ended";
}

/**
 * How a new workspace starts: with billing on (STRIPE_SECRET_KEY), a 14-day Advanced trial, no
 * card; self-hosted without billing, Advanced with no subscription to expire.
 */
export function newWorkspaceSubscription(): { plan: "advanced"; subscription: "trialing" | "none" } {
  return { plan: "advanced", subscription: env().STRIPE_SECRET_KEY ? "trialing" : "none" };
}
