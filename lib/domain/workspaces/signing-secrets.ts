import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";

/**
 * `whsec_` + base64 of 32 random bytes: the Standard Webhooks format. The guide's HMAC sample uses
 * the whole string's UTF-8 bytes as the key, Standard Webhooks the decoded base64 part.
 */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export async function createSigningSecret(workspaceId: string, tx: Tx = db): Promise<string> {
  const secret = generateSigningSecret();
  await tx.signingSecret.create({ data: { workspaceId, secret } });
  return secret;
}

/**
 * The secret that signs now (the newest without an expiry): webhooks carry it first, result tokens
 * are signed with it. Every workspace has one from its creation on.
 */
export async function currentSigningSecret(workspaceId: string, tx: Tx = db): Promise<string> {
  const current = await tx.signingSecret.findFirst({
    where: { workspaceId, expiresAt: null },
    orderBy: { createdAt: "desc" },
    select: { secret: true },
  });
  if (!current) throw new Error(`workspace ${workspaceId} has no signing secret`);
  return current.secret;
}

/** Secrets valid now, newest first: the current one, then any still inside its rotation overlap. */
export function activeSigningSecrets(workspaceId: string, now = new Date()) {
  return db.signingSecret.findMany({
    where: { workspaceId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, secret: true, createdAt: true, expiresAt: true },
  });
}

/** How long a replaced secret keeps verifying (webhooks carry both signatures meanwhile). */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * A new current secret; the one it replaces stays valid for 24 h (secrets already expiring keep
 * their expiry). Concurrent rotations of one workspace serialise on its row.
 */
export async function rotateSigningSecret(
  workspaceId: string,
  opts: { actor?: Actor; now?: Date } = {},
): Promise<{ secret: string; previousExpiresAt: Date }> {
  const now = opts.now ?? new Date();
  const previousExpiresAt = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  return db.$transaction(async (tx) => {
    const [workspace] = await tx.$queryRaw<{ id: string }[]>`
      select id from "Workspace" where id = ${workspaceId} for update`;
    if (!workspace) throw new ApiError("not_found", `No workspace ${workspaceId}`);
    await tx.signingSecret.updateMany({
      where: { workspaceId, expiresAt: null },
      data: { expiresAt: previousExpiresAt },
    });
    const secret = await createSigningSecret(workspaceId, tx);
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "signing_secret.rotated",
      details: { previousExpiresAt: previousExpiresAt.toISOString() },
    });
    return { secret, previousExpiresAt };
  });
}

/** The current secret, for a person who asked to see it: each reveal is recorded. Null if none. */
export async function revealSigningSecret(
  workspaceId: string,
  opts: { actor?: Actor } = {},
): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const current = await tx.signingSecret.findFirst({
      where: { workspaceId, expiresAt: null },
      orderBy: { createdAt: "desc" },
      select: { secret: true },
    });
    if (!current) return null;
    await recordAudit(tx, { workspaceId, actor: opts.actor ?? "system", action: "signing_secret.revealed" });
    return current.secret;
  });
}
