import { rateLimit } from "@/lib/api/rate-limit";

const PER_EMAIL = { max: 5, windowSeconds: 15 * 60 };
const PER_IP = { max: 20, windowSeconds: 15 * 60 };

export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
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
  const checks = [rateLimit(`signin:ip:${clientIp(req.headers)}`, PER_IP.max, PER_IP.windowSeconds)];
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
