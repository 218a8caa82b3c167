import { db, type Role, type SubscriptionStatus } from "@/lib/db";

/** `viewer`: the demo workspace, open read-only to every signed-in user. */
export type WorkspaceRole = Role | "viewer";

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

const RANK: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Members read; admins and owners change settings; owners also manage owners and billing. */
export function hasRole(role: WorkspaceRole, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}
