// Webhook signing secrets (`whsec_…`), stored encrypted (lib/crypto/secrets.ts): every function
// here takes and returns the plaintext the merchant verifies with; only the column holds ciphertext.
import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import {
  activeKeyRing,
  decryptSecret,
  encryptSecret,
  type KeyRing,
  keyIdOf,
  needsReencryption,
  SecretKeyError,
} from "@/lib/crypto/secrets";
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
  await tx.signingSecret.create({ data: { workspaceId, secret: encryptSecret(secret) } });
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
  return decryptSecret(current.secret);
}

/** Secrets valid now, newest first: the current one, then any still inside its rotation overlap. */
export async function activeSigningSecrets(workspaceId: string, now = new Date()) {
  const rows = await db.signingSecret.findMany({
    where: { workspaceId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, secret: true, createdAt: true, expiresAt: true },
  });
  return rows.map((r) => ({ ...r, secret: decryptSecret(r.secret) }));
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
  const ring = activeKeyRing();
  if (!ring.current) throw new SecretKeyError("ENCRYPTION_KEY is not set");
  return db.$transaction(async (tx) => {
    const [workspace] = await tx.$queryRaw<{ id: string }[]>`
      select id from "Workspace" where id = ${workspaceId} for update`;
    if (!workspace) throw new ApiError("not_found", `No workspace ${workspaceId}`);
    await tx.signingSecret.updateMany({
      where: { workspaceId, expiresAt: null },
      data: { expiresAt: previousExpiresAt },
    });
    // The first write after encryption (or a key rotation) also upgrades this workspace's older rows.
    await reencryptRows(tx, workspaceId, ring);
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
    const secret = decryptSecret(current.secret);
    await recordAudit(tx, { workspaceId, actor: opts.actor ?? "system", action: "signing_secret.revealed" });
    return secret;
  });
}

/** Rewrites one workspace's rows that are plaintext or under an older key; how many changed. */
async function reencryptRows(tx: Tx, workspaceId: string, ring: KeyRing): Promise<number> {
  const rows = await tx.signingSecret.findMany({
    where: { workspaceId },
    select: { id: true, secret: true },
  });
  let changed = 0;
  for (const row of rows) {
    if (!needsReencryption(row.secret, ring)) continue;
    const next = encryptSecret(decryptSecret(row.secret, ring), ring);
    // Conditional on the value read, so a concurrent rewrite is not overwritten with a stale one.
    const { count } = await tx.signingSecret.updateMany({
      where: { id: row.id, secret: row.secret },
      data: { secret: next },
    });
    changed += count;
  }
  return changed;
}

export type ReencryptSummary = {
  /** The id of ENCRYPTION_KEY, which every row is now under. */
  keyId: string;
  scanned: number;
  reencrypted: number;
  /** Of those, rows that were still plaintext (written before encryption at rest). */
  fromPlaintext: number;
  workspaces: number;
  failed: { workspaceId: string; error: string }[];
};

/**
 * `rb secrets reencrypt`: every stored signing secret (expired ones too) under the current
 * ENCRYPTION_KEY — plaintext rows from before encryption, and rows under ENCRYPTION_KEY_PREVIOUS
 * after a key rotation. One transaction per workspace, audited there; a workspace whose rows cannot
 * be read (a key missing from ENCRYPTION_KEY_PREVIOUS) is left unchanged and reported.
 */
export async function reencryptSigningSecrets(
  opts: { actor?: Actor; ring?: KeyRing } = {},
): Promise<ReencryptSummary> {
  const ring = opts.ring ?? activeKeyRing();
  if (!ring.current) throw new SecretKeyError("ENCRYPTION_KEY is not set");
  const rows = await db.signingSecret.findMany({ select: { workspaceId: true, secret: true } });
  const stale = new Map<string, { plaintext: number }>();
  for (const row of rows) {
    if (!needsReencryption(row.secret, ring)) continue;
    const w = stale.get(row.workspaceId) ?? { plaintext: 0 };
    if (keyIdOf(row.secret) === null) w.plaintext++;
    stale.set(row.workspaceId, w);
  }
  const summary: ReencryptSummary = {
    keyId: ring.current.id,
    scanned: rows.length,
    reencrypted: 0,
    fromPlaintext: 0,
    workspaces: 0,
    failed: [],
  };
  for (const [workspaceId, { plaintext }] of stale) {
    try {
      const changed = await db.$transaction(async (tx) => {
        const n = await reencryptRows(tx, workspaceId, ring);
        if (n) {
          await recordAudit(tx, {
            workspaceId,
            actor: opts.actor ?? "system",
            action: "signing_secret.reencrypted",
            details: { keyId: ring.current!.id, rows: n },
          });
        }
        return n;
      });
      summary.reencrypted += changed;
      summary.fromPlaintext += plaintext;
      if (changed) summary.workspaces++;
    } catch (e) {
      if (!(e instanceof SecretKeyError)) throw e;
      summary.failed.push({ workspaceId, error: e.message });
    }
  }
  return summary;
}
