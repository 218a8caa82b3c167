"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { MANAGE_BILLING } from "@/lib/access/policy";
import { openBillingPortal, startCheckout } from "@/lib/billing/checkout";
import { workspaceAction } from "@/lib/dashboard/action";
import { text } from "@/lib/dashboard/forms";

// Owners only; reachable while the workspace is read-only, since renewing is how that is fixed.
const BILLING = { ...MANAGE_BILLING, unexpected: "Could not reach Stripe. Please try again." };

export const checkoutAction = workspaceAction(
  { ...BILLING, schema: z.object({ plan: text() }) },
  async (f, { workspace, user, actor }) => {
    const plan = f.plan === "core" ? "core" : "advanced";
    redirect(await startCheckout({ workspaceId: workspace.id, plan, email: user.email, actor }));
  },
);

export const portalAction = workspaceAction(BILLING, async (_input, { workspace, user }) => {
  redirect(await openBillingPortal({ workspaceId: workspace.id, email: user.email }));
});
