// The encryption of stored secrets (lib/crypto/secrets.ts), as pure functions over explicit keys.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptionKey,
  encryptSecret,
  isEncrypted,
  keyIdOf,
  keyRing,
  needsReencryption,
  SecretKeyError,
} from "@/lib/crypto/secrets";

const A = randomBytes(32).toString("base64");
const B = randomBytes(32).toString("base64");
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;

function refusal(fn: () => unknown): SecretKeyError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SecretKeyError);
    const err = e as SecretKeyError;
    // Never the key or the secret in what is shown or logged.
    for (const s of [A, B, SECRET]) expect(err.message).not.toContain(s);
    expect(err.status).toBe(503);
    return err;
  }
  throw new Error("expected a SecretKeyError");
}

describe("encryptSecret / decryptSecret", () => {
  it("writes v1:<keyId>:<iv>:<ciphertext+tag>, a fresh IV each time, and reads it back", () => {
    const ring = keyRing({ current: A });
    const one = encryptSecret(SECRET, ring);
    const two = encryptSecret(SECRET, ring);
    expect(one).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(keyIdOf(one)).toBe(encryptionKey(A).id);
    expect(one).not.toBe(two);
    expect(one).not.toContain(SECRET.slice(6, 20));
    expect(decryptSecret(one, ring)).toBe(SECRET);
    expect(decryptSecret(two, ring)).toBe(SECRET);
    expect(needsReencryption(one, ring)).toBe(false);
  });

  it("reads legacy plaintext as it is, and marks it for re-encryption", () => {
    const ring = keyRing({ current: A });
    expect(isEncrypted(SECRET)).toBe(false);
    expect(decryptSecret(SECRET, ring)).toBe(SECRET);
    expect(needsReencryption(SECRET, ring)).toBe(true);
  });

  it("rotation: a value under A reads with A as a previous key, and is marked to move to B", () => {
    const underA = encryptSecret(SECRET, keyRing({ current: A }));
    const rotating = keyRing({ current: B, previous: [A] });
    expect(decryptSecret(underA, rotating)).toBe(SECRET);
    expect(needsReencryption(underA, rotating)).toBe(true);
    const underB = encryptSecret(decryptSecret(underA, rotating), rotating);
    expect(decryptSecret(underB, keyRing({ current: B }))).toBe(SECRET);
    expect(refusal(() => decryptSecret(underA, keyRing({ current: B }))).message).toMatch(
      /encrypted under key \S{8}, which is neither ENCRYPTION_KEY \(key \S{8}\) nor in ENCRYPTION_KEY_PREVIOUS/,
    );
  });

  it("refuses clearly: no key, an altered value, a malformed one", () => {
    expect(refusal(() => encryptSecret(SECRET, keyRing({}))).message).toBe(
      "Stored signing secrets cannot be used: ENCRYPTION_KEY is not set",
    );
    const ring = keyRing({ current: A });
    const stored = encryptSecret(SECRET, ring);
    const [v, id, iv, body] = stored.split(":");
    const flipped = `${body!.slice(0, 5)}${body![5] === "A" ? "B" : "A"}${body!.slice(6)}`;
    expect(refusal(() => decryptSecret([v, id, iv, flipped].join(":"), ring)).message).toMatch(
      /failed its integrity check/,
    );
    expect(refusal(() => decryptSecret(`v1:${id}:${iv}`, ring)).message).toMatch(/malformed/);
    expect(refusal(() => decryptSecret(`v1:${id}:AAAA:${body}`, ring)).message).toMatch(/malformed/);
    expect(refusal(() => encryptionKey("too-short")).message).toMatch(/32 random bytes in base64/);
  });
});
