import { rateLimit } from "@/lib/api/rate-limit";
import { env } from "@/lib/env";

const PER_EMAIL = { max: 5, windowSeconds: 15 * 60 };
const PER_IP_WINDOW_SECONDS = 15 * 60;

/**
 * The client's IP as the proxy in front reports it (X-Forwarded-For / X-Real-IP), or null when the
 * app is reached directly: App Router handlers don't see the socket, and one shared "unknown"
 * bucket would let anyone lock everyone out. Deploy behind a proxy that sets these headers.
 */
export function clientIp(headers: Headers): string | null {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim() || null;
}

/**
 * Magic-link requests per email address and per IP: stops mail bombing one inbox and spraying
 * many. Returns the 429 response when over, else null.
 */
export async function signInRateLimited(req: Request): Promise<Response | null> {
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "")
    .trim()
    .toLowerCase();
  const ip = clientIp(req.headers);
  const checks = ip ? [rateLimit(`signin:ip:${ip}`, env().SIGNIN_LIMIT_PER_IP, PER_IP_WINDOW_SECONDS)] : [];
  if (email) checks.push(rateLimit(`signin:email:${email}`, PER_EMAIL.max, PER_EMAIL.windowSeconds));
  const results = await Promise.all(checks);
  const blocked = results.find((r) => !r.success);
  if (!blocked) return null;
  const retryAfter = Math.max(1, Math.ceil((blocked.reset - Date.now()) / 1000));
  return Response.json(
    {
      error: {
        code: "rate_limited",
        message: `Too many sign-in requests: try again in ${Math.ceil(retryAfter / 60)} min`,
      },
    },
    { status: 429, headers: { "Retry-After": String(retryAfter) } },
  );
}
