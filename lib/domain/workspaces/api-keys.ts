import { db, type Tx } from "@/lib/db";
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

/** Creates a key and returns it in full — the only time it is ever available. */
export async function createApiKey(
  input: { workspaceId: string; name?: string; createdById?: string | null },
  tx: Tx = db,
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

/** Revokes a key (idempotent). Returns null when no such key exists. */
export async function revokeApiKey(input: { keyId: string; workspaceId?: string }) {
  const key = await db.apiKey.findFirst({
    where: { id: input.keyId, ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}) },
    select: { id: true, workspaceId: true, revokedAt: true },
  });
  if (!key) return null;
  if (key.revokedAt) return key;
  return db.apiKey.update({
    where: { id: key.id },
    data: { revokedAt: new Date() },
    select: { id: true, workspaceId: true, revokedAt: true },
  });
}

export function listApiKeys(workspaceId: string) {
  return db.apiKey.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, lastUsedAt: true, revokedAt: true, createdAt: true },
  });
}
