"use server";

import { z } from "zod";
import { type ActionResult, saved, workspaceAction } from "@/lib/dashboard/action";
import { raw, text } from "@/lib/dashboard/forms";
import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from "@/lib/domain/workspaces/team";
import { ROLE_LABELS, roleSchema } from "@/lib/domain/workspaces/team-schema";

type Invited = { email: string; url: string | null };
export type InviteResult = ActionResult<Invited>;

/** Admins and owners invite; only owners invite owners (checked in inviteMember). */
export const inviteMemberAction = workspaceAction(
  { role: "admin", schema: z.object({ email: raw(), role: raw() }) },
  async (f, { workspace, user }): Promise<InviteResult> => {
    const invitation = await inviteMember({
      workspaceId: workspace.id,
      actor: { userId: user.id, role: workspace.role === "owner" ? "owner" : "admin" },
      email: f.email,
      role: f.role,
    });
    return invitation.emailed
      ? saved<Invited>(`Invitation sent to ${invitation.email}.`, { email: invitation.email, url: null })
      : saved<Invited>(
          `Invitation created for ${invitation.email}, but this server could not email it: send them the link below.`,
          { email: invitation.email, url: invitation.url },
        );
  },
);

export const revokeInvitationAction = workspaceAction(
  { role: "admin", schema: z.object({ invitationId: text() }) },
  async ({ invitationId }, { workspace, user }) => {
    const { email } = await revokeInvitation({
      workspaceId: workspace.id,
      actorUserId: user.id,
      invitationId,
    });
    return saved(`Invitation for ${email} revoked: its link no longer works.`);
  },
);

export const changeMemberRoleAction = workspaceAction(
  { role: "owner", schema: z.object({ membershipId: text(), role: text(roleSchema) }) },
  async ({ membershipId, role }, { workspace, user }) => {
    const result = await changeMemberRole({
      workspaceId: workspace.id,
      actorUserId: user.id,
      membershipId,
      role,
    });
    const who = result.email ?? "This member";
    const asRole = `${role === "member" ? "a" : "an"} ${ROLE_LABELS[role].toLowerCase()}`;
    return result.changed ? saved(`${who} is now ${asRole}.`) : saved(`${who} already is ${asRole}.`);
  },
);

export const removeMemberAction = workspaceAction(
  { role: "owner", schema: z.object({ membershipId: text() }) },
  async ({ membershipId }, { workspace, user }) => {
    const { email } = await removeMember({ workspaceId: workspace.id, actorUserId: user.id, membershipId });
    return saved(`${email ?? "The member"} was removed from ${workspace.name}.`);
  },
);
