import NextAuth from "next-auth";
import { ApiError, issuesError } from "@/lib/api/errors";
import { json } from "@/lib/api/handler";
import { unstorableText } from "@/lib/api/text";
import { authOptions } from "@/lib/auth/options";
import { signInRateLimited } from "@/lib/auth/sign-in-limit";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };
let handler: ReturnType<typeof NextAuth> | undefined;
// Built on first request, so `next build` needs no configuration.
const auth = () => {
  handler ??= NextAuth(authOptions());
  return handler;
};

/** What next-auth accepts as a callback URL (a path, or an absolute http(s) URL); else it 500s. */
function usableCallbackUrl(v: unknown): boolean {
  if (typeof v !== "string") return v === undefined;
  try {
    return /^https?:$/.test(new URL(v, v.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** A callbackUrl (query, body or next-auth's cookie) next-auth would fail on, refused as a 400. */
function refusedCallbackUrl(req: Request, body: Record<string, unknown> | null): Response | null {
  const cookies = (req.headers.get("cookie") ?? "").split(";").map((c) => c.trim().split("="));
  const candidates: unknown[] = [
    new URL(req.url).searchParams.get("callbackUrl") ?? undefined,
    body?.callbackUrl,
    ...cookies.filter(([k]) => CALLBACK_COOKIES.includes(k ?? "")).map(([, v]) => safeDecode(v ?? "")),
  ];
  if (candidates.every(usableCallbackUrl)) return null;
  const message = "callbackUrl must be a path on this site or an http(s) URL";
  return json(new ApiError("invalid_request", message).toBody(), 400);
}

function safeDecode(v: string): string | undefined {
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

/**
 * next-auth parses POST bodies itself: malformed JSON throws inside it (a 500), and a NUL in a
 * field (the email) would reach Postgres. Refused here with the API's 400 instead, as is a
 * callbackUrl it cannot use (GET or POST).
 */
async function refusedInput(req: Request): Promise<Response | null> {
  if (req.method !== "POST") return refusedCallbackUrl(req, null);
  const contentType = req.headers.get("content-type") ?? "";
  let fields: unknown;
  if (contentType.includes("application/json")) {
    try {
      fields = JSON.parse(await req.clone().text());
    } catch (e) {
      return json(new ApiError("invalid_json", `Malformed JSON: ${(e as Error).message}`).toBody(), 400);
    }
  } else if (contentType.includes("application/x-www-form-urlencoded")) {
    fields = Object.fromEntries(new URLSearchParams(await req.clone().text()));
  } else {
    return refusedCallbackUrl(req, null);
  }
  const issues = unstorableText(fields);
  if (issues.length) return json(issuesError(issues, "body").toBody(), 400);
  const record = fields && typeof fields === "object" ? (fields as Record<string, unknown>) : null;
  return refusedCallbackUrl(req, record);
}

export async function GET(req: Request, ctx: Ctx) {
  const refused = await refusedInput(req);
  if (refused) return refused;
  return auth()(req, { params: await ctx.params });
}

export async function POST(req: Request, ctx: Ctx) {
  const params = await ctx.params;
  const refused = await refusedInput(req);
  if (refused) return refused;
  if (params.nextauth.join("/") === "signin/email") {
    const limited = await signInRateLimited(req);
    if (limited) return limited;
  }
  return auth()(req, { params });
}
