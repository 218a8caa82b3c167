// Who is in a workspace: members and their roles, invitations by email, accepting one.
// Permission checks by role happen in the caller (the action wrapper's policy); the rules that hold
// whoever asks (the last owner stays, only owners make owners or touch an owner's invitation, one
// use per invitation) are here.
import { mayManageInvitation } from "@/lib/access/policy";
import { ApiError } from "@/lib/api/errors";
import { rateLimit } from "@/lib/api/rate-limit";
import { db, type Role, type Tx } from "@/lib/db";
import { recordAudit, userActor } from "@/lib/domain/audit";
import { escapeHtml, oneLine } from "@/lib/email/html";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createUrlToken, hashToken, URL_TOKEN_SHAPE } from "@/lib/tokens";
import { INVITATION_DAYS, invitationInput, ROLE_LABELS } from "./team-schema";

export const MAX_PENDING_INVITATIONS = 50;
/** Invitation emails: per inviter (all their workspaces) and per workspace an hour, per address a day. */
export const INVITATION_LIMITS = {
  perInviter: { max: 20, windowSeconds: 60 * 60 },
  perWorkspace: { max: 50, windowSeconds: 60 * 60 },
  perAddress: { max: 5, windowSeconds: 24 * 60 * 60 },
} as const;
/** The subject names no workspace or person: their names are free text, which a subject would pass off as ours. */
export const INVITATION_SUBJECT = "A teammate invited you to a RetentBase workspace";

export function invitationUrl(token: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/invite/${token}`;
}

/** An error the form can show beside one field. */
function fieldError(code: "conflict" | "forbidden" | "invalid_request", path: string, message: string) {
  return new ApiError(code, message, { issues: [{ path, message }] });
}

export type Member = {
  membershipId: string;
  userId: string;
  email: string | null;
  name: string | null;
  role: Role;
  joinedAt: Date;
};

export async function listMembers(workspaceId: string): Promise<Member[]> {
  const rows = await db.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      role: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  return rows.map((m) => ({
    membershipId: m.id,
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    joinedAt: m.createdAt,
  }));
}

export type PendingInvitation = {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
};

/** Invitations not accepted yet, expired ones included (so they can be revoked or sent again). */
export async function listPendingInvitations(
  workspaceId: string,
  now = new Date(),
): Promise<PendingInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { workspaceId, acceptedAt: null },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      invitedBy: { select: { email: true } },
    },
  });
  return rows.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    invitedBy: i.invitedBy?.email ?? null,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
    expired: i.expiresAt <= now,
  }));
}

function invitationEmail(input: {
  to: string;
  workspaceName: string;
  inviter: string;
  role: Role;
  url: string;
}) {
  const role = ROLE_LABELS[input.role].toLowerCase();
  // Names are free text: one line each (they cannot add lines of their own), escaped for HTML.
  const inviter = oneLine(input.inviter);
  const workspaceName = oneLine(input.workspaceName);
  const text = [
    `${inviter} invited you to join “${workspaceName}” on RetentBase as ${role}.`,
    "",
    "Accept the invitation:",
    input.url,
    "",
    `Sign in as ${input.to} to accept. The link works once, for ${INVITATION_DAYS} days.`,
    "If you were not expecting this, you can ignore this email.",
    "",
  ].join("\n");
  const html = `<p>${escapeHtml(inviter)} invited you to join <strong>${escapeHtml(workspaceName)}</strong> on RetentBase as ${role}.</p>
<p><a href="${escapeHtml(input.url)}">Accept the invitation</a></p>
<p>Sign in as ${escapeHtml(input.to)} to accept. The link works once, for ${INVITATION_DAYS} days. If you were not expecting this, you can ignore this email.</p>`;
  return { to: input.to, subject: INVITATION_SUBJECT, text, html, link: input.url };
}

/**
 * Each invitation sends an email: refused (429, on the email field) over INVITATION_LIMITS, checked
 * in order; one refused by a check is not counted by the later ones.
 */
async function assertInvitationBudget(workspaceId: string, inviterId: string, email: string) {
  const { perInviter, perWorkspace, perAddress } = INVITATION_LIMITS;
  const checks = [
    [`invite:inviter:${inviterId}`, perInviter, `You can send ${perInviter.max} invitations an hour`],
    [
      `invite:workspace:${workspaceId}`,
      perWorkspace,
      `This workspace can send ${perWorkspace.max} invitations an hour`,
    ],
    [`invite:address:${email}`, perAddress, `${email} can be invited ${perAddress.max} times a day`],
  ] as const;
  for (const [key, { max, windowSeconds }, limit] of checks) {
    const r = await rateLimit(key, max, windowSeconds);
    if (r.success) continue;
    const retryAfter = Math.max(1, Math.ceil((r.reset - Date.now()) / 1000));
    const message = `${limit}: try again in ${Math.ceil(retryAfter / 60)} min`;
    const headers = { "Retry-After": String(retryAfter) };
    throw new ApiError("rate_limited", message, { issues: [{ path: "email", message }] }, headers);
  }
}

export type CreatedInvitation = {
  invitationId: string;
  email: string;
  role: Role;
  expiresAt: Date;
  /** The accept link: shown to the inviter only when the email could not be sent. */
  url: string;
  emailed: boolean;
};

/**
 * Invites `email` with `role`: a random token (only its SHA-256 stored), valid for 7 days, emailed as
 * `${APP_URL}/invite/<token>`. Inviting the same address again replaces the earlier invitation
 * (a new link; the old one stops working).
 */
export async function inviteMember(input: {
  workspaceId: string;
  actor: { userId: string; role: Role };
  email: unknown;
  role: unknown;
  now?: Date;
}): Promise<CreatedInvitation> {
  const { email, role } = invitationInput.parse({ email: input.email, role: input.role });
  if (!mayManageInvitation(input.actor.role, role)) {
    throw role === "owner"
      ? fieldError("forbidden", "role", "Only owners can invite owners")
      : new ApiError("forbidden", "Only admins and owners can invite members");
  }
  const now = input.now ?? new Date();
  const [workspace, inviter, existingMember, pending] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { name: true } }),
    db.user.findUniqueOrThrow({ where: { id: input.actor.userId }, select: { name: true, email: true } }),
    db.membership.findFirst({
      where: { workspaceId: input.workspaceId, user: { email: { equals: email, mode: "insensitive" } } },
      select: { id: true },
    }),
    db.invitation.count({
      where: { workspaceId: input.workspaceId, acceptedAt: null, email: { not: email } },
    }),
  ]);
  if (existingMember) throw fieldError("conflict", "email", `${email} is already a member of this workspace`);
  if (pending >= MAX_PENDING_INVITATIONS) {
    throw fieldError(
      "conflict",
      "email",
      `This workspace has ${MAX_PENDING_INVITATIONS} open invitations: revoke some first`,
    );
  }

  await assertInvitationBudget(input.workspaceId, input.actor.userId, email);
  const token = createUrlToken();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  const invitation = await db.$transaction(async (tx) => {
    // One row per (workspace, email): a new invitation replaces the old one, accepted or not —
    // but an open invitation to become an owner only when an owner replaces it.
    const [replaced] = await tx.$queryRaw<{ role: Role; acceptedAt: Date | null }[]>`
      select role, "acceptedAt" from "Invitation"
      where "workspaceId" = ${input.workspaceId} and email = ${email} for update`;
    if (replaced && !replaced.acceptedAt && !mayManageInvitation(input.actor.role, replaced.role)) {
      throw fieldError("forbidden", "email", OWNER_INVITATION);
    }
    await tx.invitation.deleteMany({ where: { workspaceId: input.workspaceId, email } });
    const created = await tx.invitation.create({
      data: {
        workspaceId: input.workspaceId,
        email,
        role,
        tokenHash: hashToken(token),
        invitedById: input.actor.userId,
        expiresAt,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: userActor(input.actor.userId),
      action: "member.invited",
      target: email,
      details: { role, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });

  const url = invitationUrl(token);
  let emailed = false;
  try {
    const mail = invitationEmail({
      to: email,
      workspaceName: workspace.name,
      inviter: inviter.name ?? inviter.email ?? "A teammate",
      role,
      url,
    });
    emailed = (await sendEmail(mail)).sent;
  } catch (err) {
    // The invitation stands; the inviter gets the link to pass on.
    logger.warn({ err, invitationId: invitation.id }, "invitation email could not be sent");
  }
  return { invitationId: invitation.id, email, role, expiresAt, url, emailed };
}

const OWNER_INVITATION = "Only owners can revoke or replace an invitation to become an owner";

/**
 * Revokes an open invitation. The actor's role is read here, in the workspace, so the rule holds
 * whoever calls: an invitation to become an owner is revoked by an owner only.
 */
export async function revokeInvitation(input: {
  workspaceId: string;
  actorUserId: string;
  invitationId: string;
}): Promise<{ email: string }> {
  const gone = () => new ApiError("not_found", "That invitation was already accepted or revoked");
  const invitation = await db.$transaction(async (tx) => {
    const [found] = await tx.$queryRaw<{ id: string; email: string; role: Role }[]>`
      select id, email, role from "Invitation"
      where id = ${input.invitationId} and "workspaceId" = ${input.workspaceId} and "acceptedAt" is null
      for update`;
    if (!found) throw gone();
    const actor = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.actorUserId } },
      select: { role: true },
    });
    if (!actor || !mayManageInvitation(actor.role, found.role)) {
      throw new ApiError(
        "forbidden",
        found.role === "owner" ? OWNER_INVITATION : "Only admins and owners can revoke invitations",
      );
    }
    const { count } = await tx.invitation.deleteMany({ where: { id: found.id, acceptedAt: null } });
    if (!count) throw gone();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: userActor(input.actorUserId),
      action: "member.invitation_revoked",
      target: found.email,
      details: { role: found.role },
    });
    return found;
  });
  return { email: invitation.email };
}

/**
 * Locks the workspace's owner memberships for the rest of the transaction, so two owners demoting
 * or removing each other at the same moment cannot leave the workspace without one.
 */
async function lockOwners(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    select id from "Membership" where "workspaceId" = ${workspaceId} and role = 'owner' for update`;
  return rows.map((r) => r.id);
}

async function findMembership(tx: Tx, workspaceId: string, membershipId: string) {
  const m = await tx.membership.findFirst({
    where: { id: membershipId, workspaceId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!m) throw new ApiError("not_found", "That person is no longer a member of this workspace");
  return m;
}

const LAST_OWNER = "A workspace needs at least one owner: make someone else an owner first";

export async function changeMemberRole(input: {
  workspaceId: string;
  actorUserId: string;
  membershipId: string;
  role: Role;
}): Promise<{ email: string | null; from: Role; to: Role; changed: boolean }> {
  return db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, input.workspaceId);
    const m = await findMembership(tx, input.workspaceId, input.membershipId);
    const change = { email: m.user.email, from: m.role, to: input.role, changed: m.role !== input.role };
    if (!change.changed) return change;
    if (m.role === "owner" && owners.length <= 1) throw new ApiError("conflict", LAST_OWNER);
    await tx.membership.update({ where: { id: m.id }, data: { role: input.role } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: userActor(input.actorUserId),
      action: "member.role_changed",
      target: change.email,
      details: { from: change.from, to: change.to },
    });
    return change;
  });
}

export async function removeMember(input: {
  workspaceId: string;
  actorUserId: string;
  membershipId: string;
}): Promise<{ email: string | null }> {
  const removed = await db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, input.workspaceId);
    const m = await findMembership(tx, input.workspaceId, input.membershipId);
    if (m.role === "owner" && owners.length <= 1) throw new ApiError("conflict", LAST_OWNER);
    await tx.membership.delete({ where: { id: m.id } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: userActor(input.actorUserId),
      action: "member.removed",
      target: m.user.email,
      details: { role: m.role },
    });
    return { email: m.user.email };
  });
  return { email: removed.email };
}

export type InvitationLookup =
  | { status: "unknown" }
  | { status: "used"; workspaceName: string }
  | { status: "expired"; workspaceName: string }
  | {
      status: "pending";
      email: string;
      role: Role;
      workspaceId: string;
      workspaceName: string;
      invitedBy: string | null;
      expiresAt: Date;
    };

/** What the accept page shows for a link; reading it changes nothing. */
export async function findInvitation(token: string, now = new Date()): Promise<InvitationLookup> {
  if (!URL_TOKEN_SHAPE.test(token)) return { status: "unknown" };
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      email: true,
      role: true,
      workspaceId: true,
      expiresAt: true,
      acceptedAt: true,
      workspace: { select: { name: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (!inv) return { status: "unknown" };
  if (inv.acceptedAt) return { status: "used", workspaceName: inv.workspace.name };
  if (inv.expiresAt <= now) return { status: "expired", workspaceName: inv.workspace.name };
  return {
    status: "pending",
    email: inv.email,
    role: inv.role,
    workspaceId: inv.workspaceId,
    workspaceName: inv.workspace.name,
    invitedBy: inv.invitedBy?.name ?? inv.invitedBy?.email ?? null,
    expiresAt: inv.expiresAt,
  };
}

export type AcceptResult =
  | { kind: "joined" | "already_member"; workspaceId: string; workspaceName: string; role: Role }
  | { kind: "unknown" | "used" | "expired" }
  | { kind: "wrong_email"; invitedEmail: string };

/**
 * The signed-in `user` takes the invitation behind `token`: their email must be the invited one.
 * The invitation is claimed with a conditional update, so a link works once even when clicked
 * twice at the same moment. Someone already in the workspace keeps the role they have.
 */
export async function acceptInvitation(
  token: string,
  user: { id: string; email: string },
  now = new Date(),
): Promise<AcceptResult> {
  const found = await findInvitation(token, now);
  if (found.status !== "pending") return { kind: found.status };
  if (found.email.toLowerCase() !== user.email.trim().toLowerCase()) {
    return { kind: "wrong_email", invitedEmail: found.email };
  }
  const outcome = await db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { tokenHash: hashToken(token), acceptedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count === 0) return "used" as const;
    const existing = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: found.workspaceId, userId: user.id } },
      select: { role: true },
    });
    if (existing) return { kind: "already_member" as const, role: existing.role };
    await tx.membership.create({
      data: { workspaceId: found.workspaceId, userId: user.id, role: found.role },
    });
    await recordAudit(tx, {
      workspaceId: found.workspaceId,
      actor: userActor(user.id),
      action: "member.joined",
      target: found.email,
      details: { role: found.role },
    });
    return { kind: "joined" as const, role: found.role };
  });
  if (outcome === "used") return { kind: "used" };
  return {
    kind: outcome.kind,
    workspaceId: found.workspaceId,
    workspaceName: found.workspaceName,
    role: outcome.role,
  };
}
