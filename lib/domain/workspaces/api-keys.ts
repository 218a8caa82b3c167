import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit, userIdOf } from "@/lib/domain/audit";
import { createId, randomBase62 } from "@/lib/ids";
import { hashToken } from "@/lib/tokens";

const KEY_PREFIX = "rb_live_";

/** A new key: `rb_live_` + 43 base62 characters (≥ 256 bits of randomness). */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBase62(43)}`;
}

/** What the dashboard shows instead of the key: "rb_live_AbCd…". */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 4);
}

/** Inserts a key in `tx` and returns it in full. For workspace creation, whose own entry covers it. */
export async function insertApiKey(
  tx: Tx,
  input: { workspaceId: string; name?: string; createdById?: string | null },
): Promise<{ id: string; key: string; prefix: string; name: string }> {
  const key = generateApiKey();
  const row = await tx.apiKey.create({
    data: {
      id: createId("key"),
      workspaceId: input.workspaceId,
      name: input.name?.trim() || "Default",
      hashedKey: hashToken(key),
      prefix: displayPrefix(key),
      createdById: input.createdById ?? null,
    },
    select: { id: true, prefix: true, name: true },
  });
  return { ...row, key };
}

/** Creates a key and returns it in full — the only time it is ever available. Audited. */
export async function createApiKey(input: {
  workspaceId: string;
  name?: string;
  actor?: Actor;
}): Promise<{ id: string; key: string; prefix: string; name: string }> {
  const actor = input.actor ?? "system";
  return db.$transaction(async (tx) => {
    const created = await insertApiKey(tx, {
      workspaceId: input.workspaceId,
      name: input.name,
      createdById: userIdOf(actor),
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: "api_key.created",
      target: created.id,
      details: { name: created.name },
    });
    return created;
  });
}

/**
 * Revokes a key (idempotent: revoking a revoked key changes nothing and records nothing). Returns
 * null when no such key exists (in `workspaceId`, when given).
 */
export async function revokeApiKey(input: { keyId: string; workspaceId?: string; actor?: Actor }) {
  const select = { id: true, workspaceId: true, revokedAt: true } as const;
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: input.keyId, ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
      select,
    });
    if (!key) return null;
    if (key.revokedAt) return key;
    // Conditional, so of two revokes at the same moment only one changes the key and records it.
    const { count } = await tx.apiKey.updateMany({
      where: { id: key.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count) {
      await recordAudit(tx, {
        workspaceId: key.workspaceId,
        actor: input.actor ?? "system",
        action: "api_key.revoked",
        target: key.id,
      });
    }
    return tx.apiKey.findUniqueOrThrow({ where: { id: key.id }, select });
  });
}

export function listApiKeys(workspaceId: string) {
  return db.apiKey.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, lastUsedAt: true, revokedAt: true, createdAt: true },
  });
}
