"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/dashboard/action";
import { setCurrentWorkspace } from "@/lib/dashboard/context";
import { text } from "@/lib/dashboard/forms";
import { acceptInvitation } from "@/lib/domain/workspaces/team";

/**
 * Accepts the invitation for the signed-in user, then opens its workspace. Anything else (used,
 * expired, another email) goes back to the invitation page, which explains. Not workspace-scoped
 * (the user is not in it yet): the wrapper's reading and error mapping, no workspace checks.
 */
export const acceptInvitationAction = userAction(
  { schema: z.object({ token: text() }) },
  async ({ token }, { user }) => {
    const result = await acceptInvitation(token, user);
    if (result.kind === "joined" || result.kind === "already_member") {
      await setCurrentWorkspace(result.workspaceId);
      redirect("/dashboard");
    }
    redirect(`/invite/${encodeURIComponent(token)}`);
  },
);
