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
