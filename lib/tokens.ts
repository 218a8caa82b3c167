// Secrets that work by being known — API keys, hosted-flow links, invitation links. The database
// holds only their SHA-256, so a copy of it opens nothing.
import { createHash, randomBytes } from "node:crypto";

/** A link token: 32 random bytes, base64url (43 characters, fit for a URL path segment). */
export function createUrlToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What `createUrlToken` makes: anything else is refused before it reaches the database. */
export const URL_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Hex SHA-256 of a token's UTF-8 bytes: the only form in which a token is stored or looked up. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
