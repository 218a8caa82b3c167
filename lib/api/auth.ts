import { timingSafeEqual } from "node:crypto";
import { hotQuery, Prisma, type SubscriptionStatus, utc } from "@/lib/db";
import { logger } from "@/lib/logger";
import { hashToken } from "@/lib/tokens";
import { ApiError } from "./errors";

/** Constant-time equality for secrets of any length (length leaks, content does not). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `Authorization: Bearer <token>` → token, or null. */
export function bearerToken(header: string | null): string | null {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1] ?? null;
}

/** The key from `Authorization: Bearer` or `x-api-key`; both present and different → 401. */
export function apiKeyFromHeaders(headers: Headers): string {
  const auth = headers.get("authorization");
  const bearer = bearerToken(auth);
  const headerKey = headers.get("x-api-key")?.trim() || null;
  if (auth && !bearer) {
    throw new ApiError("unauthorized", "Malformed Authorization header: expected `Bearer <API key>`");
  }
  if (bearer && headerKey && bearer !== headerKey) {
    throw new ApiError("unauthorized", "Authorization and x-api-key carry different keys: send one");
  }
  const key = bearer ?? headerKey;
  if (!key) {
    throw new ApiError(
      "unauthorized",
      "Missing API key: send `Authorization: Bearer <API key>` or `x-api-key`",
    );
  }
  return key;
}

export type AuthedWorkspace = {
  id: string;
  name: string;
  workspaceKey: string;
  plan: "core" | "advanced";
  subscriptionStatus: SubscriptionStatus;
  accessEndsAt: Date | null;
  pastDueSince: Date | null;
  isDemo: boolean;
  defaultReturnUrl: string | null;
  defaultLocale: string;
  complianceMode: string;
};

const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Resolves the API key to its workspace. The lookup is by SHA-256 hash through a unique index, so
 * no stored secret is ever compared in application code.
 */
export async function authenticateApiKey(
  headers: Headers,
): Promise<{ apiKeyId: string; workspace: AuthedWorkspace }> {
  const key = apiKeyFromHeaders(headers);
  if (key.length > 200) throw new ApiError("unauthorized", "Invalid API key");
  // Every API request starts here: one indexed join, straight on the pool.
  const [row] = await hotQuery<
    AuthedWorkspace & { keyId: string; revokedAt: Date | null; lastUsedAt: Date | null }
  >(
    Prisma.sql`
      select k.id as "keyId", k."revokedAt" at time zone 'UTC' as "revokedAt",
             k."lastUsedAt" at time zone 'UTC' as "lastUsedAt",
             w.id, w.name, w."workspaceKey", w.plan::text as plan, w."subscriptionStatus"::text as "subscriptionStatus",
             w."accessEndsAt" at time zone 'UTC' as "accessEndsAt",
             w."pastDueSince" at time zone 'UTC' as "pastDueSince", w."isDemo", w."defaultReturnUrl",
             w."defaultLocale", w."complianceMode"
      from "ApiKey" k join "Workspace" w on w.id = k."workspaceId"
      where k."hashedKey" = ${hashToken(key)}`,
    { prepare: true },
  );
  if (!row) throw new ApiError("unauthorized", "Invalid API key");
  if (row.revokedAt) throw new ApiError("unauthorized", "This API key has been revoked");
  const { keyId, revokedAt: _revoked, lastUsedAt, ...workspace } = row;

  // lastUsedAt at minute granularity: one write a minute per key, not one per request.
  const now = Date.now();
  if (!lastUsedAt || now - lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    const since = new Date(now - LAST_USED_GRANULARITY_MS);
    hotQuery(
      Prisma.sql`update "ApiKey" set "lastUsedAt" = ${utc(new Date(now))}
        where id = ${keyId} and ("lastUsedAt" is null or "lastUsedAt" < ${utc(since)})`,
    ).catch((e: unknown) => logger.warn({ err: e, apiKeyId: keyId }, "could not record API key use"));
  }
  return { apiKeyId: keyId, workspace };
}
