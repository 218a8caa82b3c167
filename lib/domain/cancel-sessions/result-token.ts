import { decodeJwt, errors, jwtVerify, SignJWT } from "jose";
import { db, utc } from "@/lib/db";
import { activeSigningSecrets } from "@/lib/domain/workspaces/signing-secrets";
import { randomBase62 } from "@/lib/ids";
import type { ResultClaims, VerifyResult } from "./schema";
import { entry, timelineAppend } from "./timeline";

export const RESULT_TOKEN_ISSUER = "retentbase";
export const RESULT_TOKEN_TTL_SECONDS = 15 * 60;

// The HMAC key is the signing secret string's UTF-8 bytes, as in the API guide's webhook sample.
const keyOf = (secret: string) => new TextEncoder().encode(secret);

/**
 * Signs a session's result. `now` is the issue time; `jti` is new unless given: the done page signs
 * the session's one result again with its stored jti and issue time, so it is the same token.
 */
export async function signResultToken(
  claims: Omit<ResultClaims, "iss" | "iat" | "exp" | "jti">,
  secret: string,
  now = new Date(),
  jti = randomBase62(24),
): Promise<{ token: string; jti: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({
    sid: claims.sid,
    env: claims.env,
    outcome: claims.outcome,
    reasonKey: claims.reasonKey,
    offer: claims.offer,
    // Always present (null outside experiments), so a merchant can read them without a guard.
    experiment: claims.experiment ?? null,
    variant: claims.variant ?? null,
    // cancel | withdrawal (the EU right of withdrawal): always present.
    intent: claims.intent ?? "cancel",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(RESULT_TOKEN_ISSUER)
    .setAudience(claims.aud)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RESULT_TOKEN_TTL_SECONDS)
    .setJti(jti)
    .sign(keyOf(secret));
  return { token, jti };
}

/**
 * Checks a result token for a workspace: signature against each of its active signing secrets
 * (a rotation keeps the previous one valid for 24 h), audience = its workspaceKey, issuer, expiry.
 * A genuine one also says when its session's result was first verified and whether this call is
 * a repeat, so a merchant can act once per `sid`.
 */
export async function verifyResultToken(
  workspace: { id: string; workspaceKey: string },
  token: string,
  now = new Date(),
): Promise<VerifyResult> {
  let unverified: { aud?: unknown };
  try {
    unverified = decodeJwt(token);
  } catch {
    return { valid: false, reason: "malformed" };
  }
  const aud = Array.isArray(unverified.aud) ? unverified.aud : [unverified.aud];
  if (!aud.includes(workspace.workspaceKey)) return { valid: false, reason: "other_workspace" };

  let expired = false;
  for (const { secret } of await activeSigningSecrets(workspace.id, now)) {
    try {
      const { payload } = await jwtVerify(token, keyOf(secret), {
        algorithms: ["HS256"],
        issuer: RESULT_TOKEN_ISSUER,
        audience: workspace.workspaceKey,
        currentDate: now,
      });
      const claims = payload as unknown as ResultClaims;
      return { valid: true, ...claims, ...(await recordVerification(workspace.id, claims.sid, now)) };
    } catch (e) {
      if (e instanceof errors.JWTExpired) expired = true;
      else if (!(e instanceof errors.JWSSignatureVerificationFailed)) {
        if (e instanceof errors.JOSEError) return { valid: false, reason: "malformed" };
        throw e;
      }
    }
  }
  return { valid: false, reason: expired ? "expired" : "bad_signature" };
}

/**
 * The first verification of a session's result is written down (column and timeline); later ones
 * only read it. The update waits on a concurrent first one's row lock, so exactly one call is first.
 */
async function recordVerification(
  workspaceId: string,
  sid: string,
  now: Date,
): Promise<{ firstVerifiedAt: string; alreadyVerified: boolean }> {
  const first = await db.$executeRaw`
    update "CancelSession" set "resultTokenVerifiedAt" = ${utc(now)},
      ${timelineAppend([entry("result_verified", now)])}, "updatedAt" = ${utc(now)}
    where id = ${sid} and "workspaceId" = ${workspaceId} and "resultTokenVerifiedAt" is null`;
  if (first) return { firstVerifiedAt: now.toISOString(), alreadyVerified: false };
  const session = await db.cancelSession.findFirst({
    where: { id: sid, workspaceId },
    select: { resultTokenVerifiedAt: true },
  });
  const at = session?.resultTokenVerifiedAt;
  // A genuine token always has its session; without one there is nothing to have verified before.
  return at
    ? { firstVerifiedAt: at.toISOString(), alreadyVerified: true }
    : { firstVerifiedAt: now.toISOString(), alreadyVerified: false };
}
