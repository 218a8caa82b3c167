import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";

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

/** Secrets valid now, newest first: the current one, then any still inside its rotation overlap. */
export function activeSigningSecrets(workspaceId: string, now = new Date()) {
  return db.signingSecret.findMany({
    where: { workspaceId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { id: true, secret: true, createdAt: true, expiresAt: true },
  });
}
