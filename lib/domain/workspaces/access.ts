import type { WorkspaceRole } from "@/lib/access/policy";
import { db, type SubscriptionStatus } from "@/lib/db";

export type { WorkspaceRole } from "@/lib/access/policy";

export type AccessibleWorkspace = {
  id: string;
  name: string;
  slug: string;
  workspaceKey: string;
  plan: "core" | "advanced";
  isDemo: boolean;
  subscriptionStatus: SubscriptionStatus;
  accessEndsAt: Date | null;
  pastDueSince: Date | null;
  /** IANA zone the dashboard shows times in (lib/dashboard/format.ts). */
  timezone: string;
  /** ISO 4217 code amounts are shown in (Settings → General; the API stores plain numbers). */
  currency: string;
  role: WorkspaceRole;
};

const workspaceFields = {
  id: true,
  name: true,
  slug: true,
  workspaceKey: true,
  plan: true,
  isDemo: true,
  subscriptionStatus: true,
  accessEndsAt: true,
  pastDueSince: true,
  timezone: true,
  currency: true,
} as const;

/** Every workspace the user may open: their memberships, then the demo workspace. */
export async function accessibleWorkspaces(userId: string): Promise<AccessibleWorkspace[]> {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      workspace: {
        select: workspaceFields,
      },
    },
  });
  const list: AccessibleWorkspace[] = memberships.map((m) => ({ ...m.workspace, role: m.role }));
  if (!list.some((w) => w.isDemo)) {
    const demo = await db.workspace.findFirst({
      where: { isDemo: true },
      orderBy: { createdAt: "asc" },
      select: workspaceFields,
    });
    if (demo) list.push({ ...demo, role: "viewer" });
  }
  return list;
}
