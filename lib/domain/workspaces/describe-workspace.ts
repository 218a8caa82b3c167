import type { AuthedWorkspace } from "@/lib/api/auth";
import { accessState } from "@/lib/billing/access";
import { PLANS } from "@/lib/billing/plans";

/** The public view of a workspace, as `GET /api/v1/workspace` returns it. */
export async function describeWorkspace(ws: AuthedWorkspace) {
  return {
    workspace: {
      id: ws.id,
      workspaceKey: ws.workspaceKey,
      name: ws.name,
      plan: ws.plan,
      features: PLANS[ws.plan].features,
      subscriptionStatus: ws.subscriptionStatus,
      access: accessState(ws),
      accessEndsAt: ws.accessEndsAt?.toISOString() ?? null,
      isDemo: ws.isDemo,
      defaultReturnUrl: ws.defaultReturnUrl,
    },
  };
}
