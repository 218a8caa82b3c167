import { ApiError } from "@/lib/api/errors";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { addReasonInput, updateReasonInput } from "./schema";

const reasonSelect = { id: true, key: true, label: true, enabled: true, position: true } as const;

/** Who makes a change (the audit log's actor); the CLI and jobs say so, the dashboard passes the user. */
type WriteOptions = { actor?: Actor };

export function listReasons(workspaceId: string, opts: { enabledOnly?: boolean } = {}) {
  return db.reason.findMany({
    where: { workspaceId, ...(opts.enabledOnly ? { enabled: true } : {}) },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: reasonSelect,
  });
}

export async function addReason(workspaceId: string, raw: unknown, opts: WriteOptions = {}) {
  const input = addReasonInput.parse(raw);
  try {
    return await db.$transaction(async (tx) => {
      const last = await tx.reason.aggregate({ where: { workspaceId }, _max: { position: true } });
      const reason = await tx.reason.create({
        data: { workspaceId, ...input, position: (last._max.position ?? -1) + 1 },
        select: reasonSelect,
      });
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "reason.created",
        target: reason.key,
        details: { label: reason.label, enabled: reason.enabled },
      });
      return reason;
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      throw new ApiError("conflict", `A reason with key "${input.key}" already exists`, {
        issues: [{ path: "key", message: `A reason with key "${input.key}" already exists` }],
      });
    }
    throw e;
  }
}

/** Renames and/or enables or disables a reason; what actually changed is audited, nothing else. */
export async function updateReason(workspaceId: string, key: string, raw: unknown, opts: WriteOptions = {}) {
  const input = updateReasonInput.parse(raw);
  return db.$transaction(async (tx) => {
    const reason = await tx.reason.findUnique({
      where: { workspaceId_key: { workspaceId, key } },
      select: reasonSelect,
    });
    if (!reason) throw new ApiError("not_found", `No reason "${key}"`);
    const updated = await tx.reason.update({ where: { id: reason.id }, data: input, select: reasonSelect });
    const actor = opts.actor ?? "system";
    if (updated.label !== reason.label) {
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: "reason.renamed",
        target: key,
        details: { from: reason.label, to: updated.label },
      });
    }
    if (updated.enabled !== reason.enabled) {
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: updated.enabled ? "reason.enabled" : "reason.disabled",
        target: key,
      });
    }
    return updated;
  });
}

/**
 * Sets the display order: `keys` first, in that order; any reason not named keeps its place after
 * them. Every position is written in one transaction (with its audit entry), so a reader never sees
 * half an order; the workspace's reasons are locked first, so two reorders do not interleave.
 */
export async function reorderReasons(workspaceId: string, keys: string[], opts: WriteOptions = {}) {
  await db.$transaction(async (tx) => {
    const current = await lockedOrder(tx, workspaceId);
    const unknown = keys.filter((k) => !current.includes(k));
    if (unknown.length) {
      throw new ApiError("invalid_request", `Unknown reason keys: ${unknown.join(", ")}`);
    }
    const order = [...new Set(keys), ...current.filter((k) => !keys.includes(k))];
    if (order.every((k, i) => current[i] === k)) return;
    for (const [position, key] of order.entries()) {
      await tx.reason.update({ where: { workspaceId_key: { workspaceId, key } }, data: { position } });
    }
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "reason.reordered",
      details: { order },
    });
  });
  return listReasons(workspaceId);
}

async function lockedOrder(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ key: string }[]>`
    SELECT "key" FROM "Reason" WHERE "workspaceId" = ${workspaceId}
    ORDER BY "position" ASC, "createdAt" ASC FOR UPDATE`;
  return rows.map((r) => r.key);
}
