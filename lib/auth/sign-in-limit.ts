import { type RateLimitResult, rateLimit } from "@/lib/api/rate-limit";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { EMAIL_PROVIDER_ID, emailIdentifierOrNull } from "./email-identifier";

export const SIGN_IN_LIMITS = {
  /** Magic links per address: stops mail bombing one inbox. */
  perEmail: { max: 5, windowSeconds: 15 * 60 },
  /** Requests per client IP (max: SIGNIN_LIMIT_PER_IP): stops one client spraying many inboxes. */
  perIpWindowSeconds: 15 * 60,
  /** Magic links per minute in all (max: SIGNIN_GLOBAL_LIMIT_PER_MINUTE): caps what many clients can send. */
  globalWindowSeconds: 60,
} as const;

/**
 * The client's IP as the proxy in front reports it (X-Forwarded-For / X-Real-IP), or null when the
 * app is reached directly: App Router handlers don't see the socket, and one shared "unknown"
 * bucket would let anyone lock everyone out. Deploy behind a proxy that sets these headers.
 */
export function clientIp(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim() || null;
}

/**
 * Whether next-auth treats a POST to `/api/auth/<segments>` as an email sign-in (it sends a magic
 * link): it reads the action from the first segment and the provider from the second, and ignores
 * the rest, so `signin/email/anything` is one too.
 */
export function isEmailSignIn(segments: readonly string[]): boolean {
  return segments[0] === "signin" && segments[1] === EMAIL_PROVIDER_ID;
}

/**
 * A POST body as next-auth 4.24 reads it (next-auth/next/utils.js `getBody`): JSON when the content
 * type mentions application/json, else form fields when it mentions form-urlencoded (the last of a
 * repeated field wins), else nothing. Reads a clone; throws on malformed JSON, as next-auth would.
 */
export async function nextAuthBody(req: Request): Promise<unknown> {
  if (!req.body || req.method !== "POST") return undefined;
  const contentType = req.headers.get("content-type") ?? "";
  if (contentType.includes("application/json")) return await req.clone().json();
  if (contentType.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(await req.clone().text()));
  return undefined;
}

/** The address next-auth would mail for this request (its provider's normalisation), or null for none. */
async function signInEmail(req: Request): Promise<string | null> {
  const body = await nextAuthBody(req).catch(() => undefined);
  const email = body && typeof body === "object" ? (body as Record<string, unknown>).email : undefined;
  return email ? emailIdentifierOrNull(email) : null;
}

function tooMany(result: RateLimitResult, message: (minutes: number) => string): Response {
  const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  return Response.json(
    { error: { code: "rate_limited", message: message(Math.ceil(retryAfter / 60)) } },
    { status: 429, headers: { "Retry-After": String(retryAfter) } },
  );
}

const perAddressMessage = (min: number) => `Too many sign-in requests: try again in ${min} min`;

/**
 * Limits for an email sign-in request, whatever its body type: per client IP (every request), then
 * per address, on the identifier next-auth itself derives and mails (so `A@x.com,1` and
 * `ａ@x.com` count as a@x.com), then a global cap on links per minute. A request refused by one
 * check is not counted by the later ones, so a bombed address or a sprayed IP never uses up the
 * global budget. Requests next-auth sends no link for (no or an invalid address) count per IP only.
 * Returns the 429 response when over, else null.
 */
export async function signInRateLimited(req: Request): Promise<Response | null> {
  const e = env();
  const ip = clientIp(req.headers);
  if (ip) {
    const r = await rateLimit(`signin:ip:${ip}`, e.SIGNIN_LIMIT_PER_IP, SIGN_IN_LIMITS.perIpWindowSeconds);
    if (!r.success) return tooMany(r, perAddressMessage);
  }
  const email = await signInEmail(req);
  if (!email) return null;
  const { max, windowSeconds } = SIGN_IN_LIMITS.perEmail;
  const perEmail = await rateLimit(`signin:email:${email}`, max, windowSeconds);
  if (!perEmail.success) return tooMany(perEmail, perAddressMessage);
  // One budget per deployment (two sharing a Redis keep their own).
  const global = await rateLimit(
    `signin:global:${new URL(e.APP_URL).host}`,
    e.SIGNIN_GLOBAL_LIMIT_PER_MINUTE,
    SIGN_IN_LIMITS.globalWindowSeconds,
  );
  if (!global.success) {
    logger.warn(
      { limit: e.SIGNIN_GLOBAL_LIMIT_PER_MINUTE },
      "sign-in emails over SIGNIN_GLOBAL_LIMIT_PER_MINUTE: refusing new links for now",
    );
    return tooMany(global, () => "Too many sign-in emails are going out right now: try again in a minute");
  }
  return null;
}
