import "server-only";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { env } from "@/lib/env";
import { type PlanId, priceFor } from "./plans";
import { stripe } from "./stripe";

async function customerFor(workspaceId: string, email: string): Promise<string> {
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { name: true, stripeCustomerId: true },
  });
  if (ws.stripeCustomerId) return ws.stripeCustomerId;
  const customer = await stripe().customers.create({ email, name: ws.name, metadata: { workspaceId } });
  // Only set it if nobody else did meanwhile (two owners clicking at once).
  await db.workspace.updateMany({
    where: { id: workspaceId, stripeCustomerId: null },
    data: { stripeCustomerId: customer.id },
  });
  return (
    await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { stripeCustomerId: true } })
  ).stripeCustomerId!;
}

/** A Stripe Checkout page for a plan. The plan changes only when Stripe's webhook says so. */
export async function startCheckout(input: {
  workspaceId: string;
  plan: PlanId;
  email: string;
  actor?: Actor;
}): Promise<string> {
  const price = priceFor(input.plan);
  if (!price)
    throw new ApiError("invalid_request", `No Stripe price is configured for the ${input.plan} plan`);
  const app = env().APP_URL;
  const session = await stripe().checkout.sessions.create({
    mode: "subscription",
    customer: await customerFor(input.workspaceId, input.email),
    client_reference_id: input.workspaceId,
    line_items: [{ price, quantity: 1 }],
    subscription_data: { metadata: { workspaceId: input.workspaceId } },
    success_url: `${app}/dashboard/billing?checkout=success`,
    cancel_url: `${app}/dashboard/billing?checkout=cancelled`,
  });
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  // The change happens at Stripe; what is recorded here is that someone started it.
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actor: input.actor ?? "system",
    action: "billing.checkout_started",
    details: { plan: input.plan },
  });
  return session.url;
}

/** Stripe's Billing Portal: payment method, invoices, plan changes, cancellation. */
export async function openBillingPortal(input: { workspaceId: string; email: string }): Promise<string> {
  const portal = await stripe().billingPortal.sessions.create({
    customer: await customerFor(input.workspaceId, input.email),
    return_url: `${env().APP_URL}/dashboard/billing`,
  });
  return portal.url;
}
