// Secrets the server must read back (webhook signing secrets) are stored encrypted at rest:
// AES-256-GCM under ENCRYPTION_KEY, as `v1:<keyId>:<iv>:<ciphertext+tag>` (base64url parts). The
// key id names the key a value was written under (8 characters of its SHA-256), so a rotation can
// keep reading the old one (ENCRYPTION_KEY_PREVIOUS) while `rb secrets reencrypt` moves every row to
// the new one. Values without the `v1:` prefix are legacy plaintext from before encryption: read as
// they are, and upgraded by the next write (rotation, re-encryption).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ApiError } from "@/lib/api/errors";
import { type Env, encryptionKeyBytes, env } from "@/lib/env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type EncryptionKey = { id: string; bytes: Buffer };
/** The key that encrypts (null: none configured) and every key that may decrypt. */
export type KeyRing = { current: EncryptionKey | null; previous: EncryptionKey[] };

/**
 * A stored secret that cannot be read or written with the configured keys. Its message names the
 * variable and the key ids involved, never a key or a secret; the API answers 503 with it.
 */
export class SecretKeyError extends ApiError {
  constructor(problem: string) {
    super("service_unavailable", `Stored signing secrets cannot be used: ${problem}`);
    this.name = "SecretKeyError";
  }
}

/** A key from its base64 form (`openssl rand -base64 32`). */
export function encryptionKey(base64: string): EncryptionKey {
  const bytes = encryptionKeyBytes(base64);
  if (!bytes) throw new SecretKeyError("an encryption key must be 32 random bytes in base64");
  const id = createHash("sha256").update(bytes).digest("base64url").slice(0, 8);
  return { id, bytes };
}

export function keyRing(config: { current?: string; previous?: string[] }): KeyRing {
  return {
    current: config.current ? encryptionKey(config.current) : null,
    previous: (config.previous ?? []).map(encryptionKey),
  };
}

/**
 * The key file of local runs (`npm run dev`, `npm start` on the embedded database, the CLI, tests
 * without a key): 32 random bytes in base64, made once, readable by its owner only.
 */
export function localEncryptionKey(root = process.cwd()): string {
  const file = path.join(root, ".data", "encryption-key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch (e) {
      // Another process made it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    return readFileSync(file, "utf8").trim();
  }
}

let cached: { from: Env; ring: KeyRing } | undefined;

/**
 * The keys of this process: ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS; outside production without
 * ENCRYPTION_KEY, the local key file in `.data/`. Production never falls back (`npm start` on a
 * real database refuses to start without the variable).
 */
export function activeKeyRing(): KeyRing {
  const e = env();
  if (cached?.from !== e) {
    const current = e.ENCRYPTION_KEY ?? (e.NODE_ENV === "production" ? undefined : localEncryptionKey());
    cached = { from: e, ring: keyRing({ current, previous: e.ENCRYPTION_KEY_PREVIOUS }) };
  }
  return cached.ring;
}

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`);
}

/** The id of the key a stored value was encrypted under; null for legacy plaintext. */
export function keyIdOf(stored: string): string | null {
  return isEncrypted(stored) ? (stored.split(":")[1] ?? null) : null;
}

/** Whether a stored value is plaintext or under another key than the current one. */
export function needsReencryption(stored: string, ring: KeyRing = activeKeyRing()): boolean {
  return !isEncrypted(stored) || keyIdOf(stored) !== ring.current?.id;
}

export function encryptSecret(plaintext: string, ring: KeyRing = activeKeyRing()): string {
  const key = ring.current;
  if (!key) throw new SecretKeyError("ENCRYPTION_KEY is not set");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(Buffer.from(`${VERSION}:${key.id}`));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}:${key.id}:${iv.toString("base64url")}:${body.toString("base64url")}`;
}

export function decryptSecret(stored: string, ring: KeyRing = activeKeyRing()): string {
  if (!isEncrypted(stored)) return stored;
  const [, keyId, iv, body, ...rest] = stored.split(":");
  if (!keyId || !iv || !body || rest.length) throw new SecretKeyError("a stored value is malformed");
  const key = [ring.current, ...ring.previous].find((k) => k?.id === keyId);
  if (!key) {
    const current = ring.current ? `key ${ring.current.id}` : "unset";
    throw new SecretKeyError(
      `a secret is encrypted under key ${keyId}, which is neither ENCRYPTION_KEY (${current}) nor in ENCRYPTION_KEY_PREVIOUS`,
    );
  }
  const sealed = Buffer.from(body, "base64url");
  const ivBytes = Buffer.from(iv, "base64url");
  if (ivBytes.length !== IV_BYTES || sealed.length < TAG_BYTES)
    throw new SecretKeyError("a stored value is malformed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.bytes, ivBytes);
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretKeyError(
      `a secret under key ${keyId} failed its integrity check (altered, or another key with that id)`,
    );
  }
}
