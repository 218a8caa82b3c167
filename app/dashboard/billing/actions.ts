"use server";

import { redirect } from "next/navigation";
import { openBillingPortal, startCheckout } from "@/lib/billing/checkout";
import type { PlanId } from "@/lib/billing/plans";
import { ActionDenied, type ActionResult, requireWorkspace } from "@/lib/dashboard/context";
import { field } from "@/lib/dashboard/forms";
import { audit } from "@/lib/domain/audit";
import { hasRole } from "@/lib/domain/workspaces/access";

// Billing is for owners; it stays reachable when the workspace is read-only (that is how it is fixed).
async function requireOwner() {
  const d = await requireWorkspace();
  if (d.current.isDemo) throw new ActionDenied("The demo workspace has no billing.");
  if (!hasRole(d.current.role, "owner")) throw new ActionDenied("Only owners can manage billing.");
  return d;
}

export async function checkoutAction(_p: ActionResult | null, f: FormData): Promise<ActionResult> {
  let url: string;
  try {
    const { user, current } = await requireOwner();
    const plan = field(f, "plan") === "core" ? "core" : ("advanced" as PlanId);
    url = await startCheckout({ workspaceId: current.id, plan, email: user.email });
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "billing.checkout_started",
      details: { plan },
    });
  } catch (e) {
    return {
      ok: false,
      message: e instanceof ActionDenied ? e.message : "Could not reach Stripe. Please try again.",
    };
  }
  redirect(url);
}

export async function portalAction(_p: ActionResult | null, _f: FormData): Promise<ActionResult> {
  let url: string;
  try {
    const { user, current } = await requireOwner();
    url = await openBillingPortal({ workspaceId: current.id, email: user.email });
  } catch (e) {
    return {
      ok: false,
      message: e instanceof ActionDenied ? e.message : "Could not reach Stripe. Please try again.",
    };
  }
  redirect(url);
}
