import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser, type SessionUser } from "@/lib/auth/session";
import { type AccessibleWorkspace, accessibleWorkspaces } from "@/lib/domain/workspaces/access";
import { env } from "@/lib/env";
import { workspaceCookieOptions } from "@/lib/routing/https";

export const WORKSPACE_COOKIE = "rb_workspace";

export type Dashboard = {
  user: SessionUser;
  workspaces: AccessibleWorkspace[];
  current: AccessibleWorkspace | null;
};

/** The signed-in user, the workspaces they can open, and the one they are in (cookie, else their first). */
export async function getDashboard(): Promise<Dashboard> {
  const user = await requireUser();
  const workspaces = await accessibleWorkspaces(user.id);
  const chosen = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  // A user without a workspace of their own lands on onboarding; the demo is one switch away.
  const current =
    workspaces.find((w) => w.id === chosen) ?? workspaces.find((w) => w.role !== "viewer") ?? null;
  return { user, workspaces, current };
}

/** For pages that need a workspace of the user's own: none yet → onboarding. */
export async function requireWorkspace(): Promise<Dashboard & { current: AccessibleWorkspace }> {
  const d = await getDashboard();
  if (!d.current) redirect("/dashboard/new");
  return d as Dashboard & { current: AccessibleWorkspace };
}

/** Makes `id` the current workspace of this browser (the actions check it is one the user may open). */
export async function setCurrentWorkspace(id: string) {
  // `Secure` on https deployments (lib/routing/https.ts).
  (await cookies()).set(WORKSPACE_COOKIE, id, workspaceCookieOptions(env().APP_URL));
}
