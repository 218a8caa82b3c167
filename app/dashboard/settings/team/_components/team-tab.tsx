import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { EmptyState } from "@/components/ui/empty-state";
import type { WorkspaceRole } from "@/lib/access/policy";
import { formatDateTime } from "@/lib/dashboard/format";
import { listMembers, listPendingInvitations } from "@/lib/domain/workspaces/team";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/domain/workspaces/team-schema";
import { changeMemberRoleAction, removeMemberAction, revokeInvitationAction } from "../actions";
import { InviteForm } from "./invite-form";

export async function TeamTab({
  workspaceId,
  role,
  userId,
  isDemo,
  timeZone,
  canInvite,
  canManage,
}: {
  workspaceId: string;
  role: WorkspaceRole;
  userId: string;
  isDemo: boolean;
  timeZone: string;
  /** From the write policy: admins and owners invite, owners change roles and remove people. */
  canInvite: boolean;
  canManage: boolean;
}) {
  const [members, invitations] = await Promise.all([
    listMembers(workspaceId),
    listPendingInvitations(workspaceId),
  ]);
  const owners = members.filter((m) => m.role === "owner").length;
  const when = (d: Date) => formatDateTime(d, timeZone);

  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Members</h2>
        <p className="mt-1 text-sm text-slate-600">
          {ROLES.map((r) => `${ROLE_LABELS[r]}s: ${ROLE_DESCRIPTIONS[r]}`).join(". ")}.
          {canManage ? "" : " Only owners change roles or remove people."}
        </p>
        {members.length ? (
          <ul className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {members.map((m) => {
              const label = m.name ? `${m.name} (${m.email})` : (m.email ?? "this member");
              const soleOwner = m.role === "owner" && owners <= 1;
              return (
                <li
                  key={m.membershipId}
                  className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 text-sm"
                  data-testid="team-member"
                >
                  <div className="min-w-48 flex-1">
                    <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      <span className="break-all">{m.email ?? "(no email)"}</span>
                      {m.userId === userId ? <Badge tone="brand">You</Badge> : null}
                    </p>
                    <p className="text-xs text-slate-600">
                      {m.name ? `${m.name} · ` : ""}Joined {when(m.joinedAt)}
                    </p>
                  </div>
                  {canManage && !soleOwner ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <ActionForm
                        action={changeMemberRoleAction}
                        className="flex items-center gap-2"
                        messageClassName="basis-full"
                      >
                        <input type="hidden" name="workspaceId" value={workspaceId} />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <label htmlFor={`role-${m.membershipId}`} className="sr-only">
                          Role of {label}
                        </label>
                        <select
                          id={`role-${m.membershipId}`}
                          name="role"
                          defaultValue={m.role}
                          className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                        <SubmitButton variant="secondary" size="sm" aria-label={`Change role of ${label}`}>
                          Change
                        </SubmitButton>
                      </ActionForm>
                      <ActionForm action={removeMemberAction} messageClassName="mt-2">
                        <input type="hidden" name="workspaceId" value={workspaceId} />
                        <input type="hidden" name="membershipId" value={m.membershipId} />
                        <ConfirmSubmit
                          title={
                            m.userId === userId
                              ? "Leave this workspace?"
                              : `Remove ${m.email ?? "this member"}?`
                          }
                          description={
                            m.userId === userId
                              ? "You lose access to this workspace right away. Another owner can invite you back."
                              : "They lose access to this workspace right away. Their past actions stay in the audit log."
                          }
                          confirmLabel={m.userId === userId ? "Leave workspace" : "Remove member"}
                        >
                          {m.userId === userId ? "Leave" : "Remove"}
                        </ConfirmSubmit>
                      </ActionForm>
                    </div>
                  ) : (
                    <div className="flex items-center gap-2">
                      <Badge tone={m.role === "owner" ? "brand" : "neutral"}>{ROLE_LABELS[m.role]}</Badge>
                      {canManage && soleOwner ? (
                        <span className="text-xs text-slate-500">The only owner</span>
                      ) : null}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <div className="mt-4">
            <EmptyState title="No members">
              {isDemo
                ? "The demo workspace has no members: it is open read-only to everyone."
                : "Invite someone below."}
            </EmptyState>
          </div>
        )}
      </Card>

      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Invitations</h2>
        <p className="mt-1 text-sm text-slate-600">
          We email a link that works once, for 7 days. They sign in with the invited address to join.
        </p>
        {canInvite ? (
          <InviteForm workspaceId={workspaceId} roles={role === "owner" ? ROLES : ["admin", "member"]} />
        ) : null}
        <h3 className="mt-6 text-sm font-semibold text-slate-900">Pending</h3>
        {invitations.length ? (
          <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {invitations.map((i) => (
              <li
                key={i.id}
                className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 text-sm"
                data-testid="team-invitation"
              >
                <div className="min-w-48 flex-1">
                  <p className="font-medium break-all text-slate-900">{i.email}</p>
                  <p className="text-xs text-slate-600">
                    {i.invitedBy ? `Invited by ${i.invitedBy} · ` : ""}
                    {i.expired ? `Expired ${when(i.expiresAt)}` : `Expires ${when(i.expiresAt)}`}
                  </p>
                </div>
                <Badge>{ROLE_LABELS[i.role]}</Badge>
                {i.expired ? <Badge tone="warning">Expired</Badge> : null}
                {canInvite ? (
                  <ActionForm action={revokeInvitationAction} messageClassName="mt-2">
                    <input type="hidden" name="workspaceId" value={workspaceId} />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <ConfirmSubmit
                      title={`Revoke the invitation for ${i.email}?`}
                      description="The link in their email stops working. You can invite them again later."
                      confirmLabel="Revoke invitation"
                    >
                      Revoke
                    </ConfirmSubmit>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <div className="mt-2">
            <EmptyState title="No pending invitations">
              {canInvite
                ? "Invitations you send show here until they are accepted."
                : "Admins and owners can invite people."}
            </EmptyState>
          </div>
        )}
      </Card>
    </div>
  );
}
