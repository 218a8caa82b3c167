import "server-only";
import { db } from "@/lib/db";
import { stripe } from "./stripe";

/** What the Billing page shows of the workspace's plan and subscription. */
export function workspaceBilling(workspaceId: string) {
  return db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: {
      plan: true,
      subscriptionStatus: true,
      accessEndsAt: true,
      pastDueSince: true,
      stripeCustomerId: true,
      stripeSubscriptionId: true,
    },
  });
}

/** When the current period ends and whether it renews, from Stripe; null when unknown or unreachable. */
export async function subscriptionPeriodEnd(
  subscriptionId: string | null,
): Promise<{ at: Date; cancels: boolean } | null> {
  if (!subscriptionId) return null;
  try {
    const sub = await stripe().subscriptions.retrieve(subscriptionId);
    const end = sub.items.data[0]?.current_period_end;
    return end ? { at: new Date(end * 1000), cancels: sub.cancel_at_period_end } : null;
  } catch {
    return null; // Stripe unreachable: the page still shows what we know.
  }
}
