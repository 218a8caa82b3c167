import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { requireUser, type SessionUser } from "@/lib/auth/session";
import { accessState } from "@/lib/billing/access";
import type { Role } from "@/lib/db";
import { type AccessibleWorkspace, accessibleWorkspaces, hasRole } from "@/lib/domain/workspaces/access";

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

export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string> };

export class ActionDenied extends Error {}

/**
 * Every dashboard action starts here: the signed-in user must hold `role` in the current
 * workspace, and the demo workspace is never written to. Checked on the server, whatever the UI showed.
 */
export async function requireRole(role: Role): Promise<Dashboard & { current: AccessibleWorkspace }> {
  const d = await requireWorkspace();
  if (d.current.isDemo)
    throw new ActionDenied("The demo workspace is read-only: create your own workspace to make changes.");
  if (accessState(d.current) === "read_only") {
    throw new ActionDenied(
      "This workspace is read-only because its subscription has ended: renew it under Billing to make changes.",
    );
  }
  if (!hasRole(d.current.role, role)) {
    throw new ActionDenied(`Only ${role === "owner" ? "owners" : "admins and owners"} can do this.`);
  }
  return d;
}

/** Runs an action body, turning permission and validation failures into a result the form shows. */
export async function action<T>(fn: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ActionDenied || e instanceof ApiError) return { ok: false, message: e.message };
    if (e instanceof z.ZodError) {
      const fieldErrors = Object.fromEntries(e.issues.map((i) => [i.path.join(".") || "form", i.message]));
      const message = e.issues.map((i) => i.message).join(" · ");
      return { ok: false, message, fieldErrors };
    }
    throw e;
  }
}
