import "server-only";
import { checkAccess } from "@/lib/access/policy";
import { planHasFeature } from "@/lib/billing/plans";
import { requireWorkspace } from "@/lib/dashboard/context";

/**
 * What the experiments pages may offer: the plan (Core sees what Advanced adds, not an error), and
 * whether this member may change experiments — the same policy the actions apply, so buttons show
 * only when their action would be allowed.
 */
export async function experimentsAccess() {
  const { current } = await requireWorkspace();
  const denial = checkAccess(
    current,
    { via: "dashboard", role: current.role },
    { feature: "experiments", role: "admin" },
  );
  return {
    current,
    onPlan: planHasFeature(current.plan, "experiments"),
    denial,
    canEdit: denial === null,
  };
}
