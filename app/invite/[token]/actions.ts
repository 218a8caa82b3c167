"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { WORKSPACE_COOKIE } from "@/lib/dashboard/context";
import { fieldOrEmpty } from "@/lib/dashboard/forms";
import { acceptInvitation } from "@/lib/domain/workspaces/team";

/**
 * Accepts the invitation for the signed-in user, then opens its workspace. Anything else (used,
 * expired, another email) goes back to the invitation page, which explains.
 */
export async function acceptInvitationAction(formData: FormData) {
  const token = fieldOrEmpty(formData, "token");
  const user = await requireUser();
  const result = await acceptInvitation(token, user);
  if (result.kind === "joined" || result.kind === "already_member") {
    (await cookies()).set(WORKSPACE_COOKIE, result.workspaceId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
    });
    redirect("/dashboard");
  }
  redirect(`/invite/${encodeURIComponent(token)}`);
}
