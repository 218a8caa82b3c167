"use server";

import { type ActionResult, requireRole } from "@/lib/dashboard/context";
import { assertFormWorkspace, field, formAction, formValue, saved } from "@/lib/dashboard/forms";
import { changeMemberRole, inviteMember, removeMember, revokeInvitation } from "@/lib/domain/workspaces/team";
import { ROLE_LABELS, roleSchema } from "@/lib/domain/workspaces/team-schema";

type Invited = { email: string; url: string | null };
export type InviteResult = ActionResult<Invited>;

/** Admins and owners invite; only owners invite owners (checked in inviteMember). */
export async function inviteMemberAction(_p: InviteResult | null, f: FormData): Promise<InviteResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const role = current.role === "owner" ? "owner" : "admin";
    const invitation = await inviteMember({
      workspaceId: current.id,
      actor: { userId: user.id, role },
      email: formValue(f, "email"),
      role: formValue(f, "role"),
    });
    return invitation.emailed
      ? saved<Invited>(`Invitation sent to ${invitation.email}.`, { email: invitation.email, url: null })
      : saved<Invited>(
          `Invitation created for ${invitation.email}, but this server could not email it: send them the link below.`,
          { email: invitation.email, url: invitation.url },
        );
  });
}

export async function revokeInvitationAction(_p: ActionResult | null, f: FormData): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const { email } = await revokeInvitation({
      workspaceId: current.id,
      actorUserId: user.id,
      invitationId: field(f, "invitationId"),
    });
    return saved(`Invitation for ${email} revoked: its link no longer works.`);
  });
}

export async function changeMemberRoleAction(_p: ActionResult | null, f: FormData): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("owner");
    assertFormWorkspace(f, current);
    const role = roleSchema.parse(field(f, "role"));
    const result = await changeMemberRole({
      workspaceId: current.id,
      actorUserId: user.id,
      membershipId: field(f, "membershipId"),
      role,
    });
    const who = result.email ?? "This member";
    const asRole = `${role === "member" ? "a" : "an"} ${ROLE_LABELS[role].toLowerCase()}`;
    return result.changed
      ? saved(`${who} is now ${asRole}.`)
      : { ok: true, message: `${who} already is ${asRole}.` };
  });
}

export async function removeMemberAction(_p: ActionResult | null, f: FormData): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("owner");
    assertFormWorkspace(f, current);
    const { email } = await removeMember({
      workspaceId: current.id,
      actorUserId: user.id,
      membershipId: field(f, "membershipId"),
    });
    return saved(`${email ?? "The member"} was removed from ${current.name}.`);
  });
}
