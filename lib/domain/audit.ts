import { db, type Prisma } from "@/lib/db";

/** Sensitive actions, who did them and when: readable in the dashboard, never secrets themselves. */
export async function audit(input: {
  workspaceId: string;
  userId?: string | null;
  action: string;
  target?: string | null;
  details?: Prisma.InputJsonValue;
}) {
  await db.auditLog.create({
    data: {
      workspaceId: input.workspaceId,
      actorUserId: input.userId ?? null,
      actor: input.userId ? `user:${input.userId}` : "system",
      action: input.action,
      target: input.target ?? null,
      details: input.details ?? {},
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
