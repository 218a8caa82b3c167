import { db, type Prisma, type Tx } from "@/lib/db";

/** Who made a change, as AuditLog.actor stores it. */
export type Actor = `user:${string}` | `api_key:${string}` | "cli" | "system";

export const userActor = (userId: string): Actor => `user:${userId}`;
export const apiKeyActor = (apiKeyId: string): Actor => `api_key:${apiKeyId}`;
/** The user behind an actor, if it is one. */
export const userIdOf = (actor: Actor): string | null =>
  actor.startsWith("user:") ? actor.slice("user:".length) : null;

/** Every audited change. A new one is added here, so the audit tab and its readers know them all. */
export type AuditAction =
  | "workspace.created"
  | "workspace.settings_updated"
  | "api_key.created"
  | "api_key.revoked"
  | "signing_secret.revealed"
  | "signing_secret.rotated"
  | "signing_secret.reencrypted"
  | "return_url.default_set"
  | "return_host.added"
  | "return_host.removed"
  | "webhook_endpoint.created"
  | "webhook_endpoint.enabled"
  | "webhook_endpoint.disabled"
  | "webhook_endpoint.removed"
  | "webhook_endpoint.test_sent"
  | "webhook_delivery.retried"
  | "member.invited"
  | "member.invitation_revoked"
  | "member.role_changed"
  | "member.removed"
  | "member.joined"
  | "billing.checkout_started"
  | "reason.created"
  | "reason.renamed"
  | "reason.enabled"
  | "reason.disabled"
  | "reason.reordered"
  | "reason.translated"
  | "offer.created"
  | "offer.updated"
  | "offer.deleted"
  | "offer.translated"
  | "experiment.created"
  | "experiment.started"
  | "experiment.stopped"
  | "experiment.winner_declared"
  | "experiment.deleted";

export type AuditInput = {
  workspaceId: string;
  actor: Actor;
  action: AuditAction;
  target?: string | null;
  details?: Prisma.InputJsonValue;
};

/**
 * Sensitive changes, who made them and when: readable in the dashboard, never secrets themselves.
 * Written by the domain function that makes the change, with the transaction (`tx`) it makes it
 * in, so an entry exists exactly when the change does — whoever called (dashboard, CLI, API).
 */
export async function recordAudit(tx: Tx, entry: AuditInput): Promise<void> {
  const userId = userIdOf(entry.actor);
  // Linked to the user while they exist (the tab shows their email); the actor string stays.
  const user = userId ? await tx.user.findUnique({ where: { id: userId }, select: { id: true } }) : null;
  await tx.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorUserId: user?.id ?? null,
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details ?? {},
    },
  });
}

export type AuditEntry = {
  id: string;
  createdAt: Date;
  /** The user's email when the actor was a user who still exists, else the recorded actor. */
  who: string;
  action: string;
  target: string | null;
  details: Prisma.JsonValue;
};

/** The newest entries of a workspace, newest first (the dashboard shows 100). */
export async function listAuditLog(workspaceId: string, limit = 100): Promise<AuditEntry[]> {
  const rows = await db.auditLog.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      createdAt: true,
      actor: true,
      action: true,
      target: true,
      details: true,
      actorUser: { select: { email: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    who: r.actorUser?.email ?? r.actor,
    action: r.action,
    target: r.target,
    details: r.details,
  }));
}
