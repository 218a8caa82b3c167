import "server-only";
import { checkAccess, hasRole } from "@/lib/access/policy";
import { requireWorkspace } from "@/lib/dashboard/context";

/**
 * What a Settings page may offer: the same policy the settings actions apply (demo, ended
 * subscription, role), so forms show only when their action would be allowed.
 */
export async function settingsAccess() {
  const { user, current } = await requireWorkspace();
  const denial = checkAccess(current, { via: "dashboard", role: current.role }, { role: "admin" });
  return { user, current, denial, canEdit: denial === null, isAdmin: hasRole(current.role, "admin") };
}
