import { decodeJwt, errors, jwtVerify, SignJWT } from "jose";
import { db, utc } from "@/lib/db";
import { activeSigningSecrets } from "@/lib/domain/workspaces/signing-secrets";
import { randomBase62 } from "@/lib/ids";
import type { ResultClaims } from "./schema";
import { entry, timelineAppend } from "./timeline";

export const RESULT_TOKEN_ISSUER = "retentbase";
export const RESULT_TOKEN_TTL_SECONDS = 15 * 60;

// The HMAC key is the signing secret string's UTF-8 bytes, as in the API guide's webhook sample.
const keyOf = (secret: string) => new TextEncoder().encode(secret);

export async function signResultToken(
  claims: Omit<ResultClaims, "iss" | "iat" | "exp" | "jti">,
  secret: string,
  now = new Date(),
): Promise<{ token: string; jti: string }> {
  const iat = Math.floor(now.getTime() / 1000);
  const jti = randomBase62(24);
  const token = await new SignJWT({
    sid: claims.sid,
    env: claims.env,
    outcome: claims.outcome,
    reasonKey: claims.reasonKey,
    offer: claims.offer,
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

export type VerifyResult =
  | ({ valid: true } & ResultClaims)
  | { valid: false; reason: "malformed" | "bad_signature" | "expired" | "other_workspace" };

/**
 * Checks a result token for a workspace: signature against each of its active signing secrets
 * (a rotation keeps the previous one valid for 24 h), audience = its workspaceKey, issuer, expiry.
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
      // First verification only: diagnostics show when the merchant checked the result.
      await db.$executeRaw`
        update "CancelSession" set "resultTokenVerifiedAt" = ${utc(now)},
          ${timelineAppend([entry("result_verified", now)])}, "updatedAt" = ${utc(now)}
        where id = ${claims.sid} and "workspaceId" = ${workspace.id} and "resultTokenVerifiedAt" is null`;
      return { valid: true, ...claims };
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
