import type Stripe from "stripe";
import { db, type SubscriptionStatus } from "@/lib/db";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { PAST_DUE_GRACE_DAYS } from "./access";
import { planForPrice } from "./plans";
import { stripe } from "./stripe";

// Live subscriptions win over ended ones when a customer has several (e.g. after re-subscribing).
const LIVE: Stripe.Subscription.Status[] = [
  "active",
  "trialing",
  "past_due",
  "unpaid",
  "paused",
  "incomplete",
];

function pick(subs: Stripe.Subscription[]): Stripe.Subscription | undefined {
  const byNewest = [...subs].sort((a, b) => b.created - a.created);
  return byNewest.find((s) => LIVE.includes(s.status)) ?? byNewest[0];
}

const at = (unix: number | null | undefined) => (unix ? new Date(unix * 1000) : null);

/** What a subscription means for access: see lib/billing/access.ts. */
export function accessFields(sub: Stripe.Subscription | undefined, now = new Date()) {
  if (!sub) return { subscriptionStatus: "canceled" as SubscriptionStatus, accessEndsAt: now };
  const status = sub.status as SubscriptionStatus;
  let accessEndsAt: Date | null = null;
  if (status === "trialing") accessEndsAt = at(sub.trial_end);
  if (status === "canceled") accessEndsAt = at(sub.ended_at) ?? at(sub.canceled_at) ?? now;
  if (status === "unpaid" || status === "incomplete_expired" || status === "paused") accessEndsAt = now;
  return { subscriptionStatus: status, accessEndsAt };
}

/**
 * Re-reads the customer's subscriptions from Stripe and copies plan, status and access onto the
 * workspace. Webhook payloads are only a hint of *which* customer changed: the order and number of
 * events then don't matter (documenso's "sync, don't trust the payload").
 */
export async function syncCustomer(customerId: string, opts: { workspaceId?: string | null } = {}) {
  const ws = await db.workspace.findFirst({
    where: opts.workspaceId ? { id: opts.workspaceId } : { stripeCustomerId: customerId },
    select: {
      id: true,
      name: true,
      plan: true,
      subscriptionStatus: true,
      pastDueSince: true,
      stripeCustomerId: true,
    },
  });
  if (!ws) {
    logger.warn({ customerId }, "stripe customer without a workspace; ignored");
    return null;
  }
  const subs = await stripe().subscriptions.list({ customer: customerId, status: "all", limit: 20 });
  const sub = pick(subs.data);
  const priceId = sub?.items.data[0]?.price.id ?? null;
  const plan = planForPrice(priceId) ?? ws.plan;
  const { subscriptionStatus, accessEndsAt } = accessFields(sub);
  const becamePastDue = subscriptionStatus === "past_due" && ws.subscriptionStatus !== "past_due";
  const updated = await db.workspace.update({
    where: { id: ws.id },
    data: {
      stripeCustomerId: customerId,
      stripeSubscriptionId: sub?.id ?? null,
      stripePriceId: priceId,
      plan,
      subscriptionStatus,
      accessEndsAt,
      pastDueSince: subscriptionStatus === "past_due" ? (ws.pastDueSince ?? new Date()) : null,
    },
    select: { id: true, plan: true, subscriptionStatus: true, accessEndsAt: true, pastDueSince: true },
  });
  if (becamePastDue) await emailOwnersPastDue(ws.id, ws.name);
  return updated;
}

async function emailOwnersPastDue(workspaceId: string, name: string) {
  const owners = await db.membership.findMany({
    where: { workspaceId, role: "owner" },
    select: { user: { select: { email: true } } },
  });
  const to = owners.map((o) => o.user.email).filter((e): e is string => Boolean(e));
  if (!to.length) return;
  const url = `${env().APP_URL}/dashboard/billing`;
  await sendEmail({
    to,
    subject: `Payment failed for ${name} on RetentBase`,
    text: `We couldn't charge the card on file for ${name}. Everything keeps working for ${PAST_DUE_GRACE_DAYS} days while Stripe retries; after that the workspace becomes read-only (no data is deleted).\n\nUpdate your payment method: ${url}\n`,
  }).catch((err: Error) =>
    logger.error({ err: err.message, workspaceId }, "could not email owners about a failed payment"),
  );
}
