import NextAuth from "next-auth";
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

export async function GET(req: Request, ctx: Ctx) {
  return auth()(req, { params: await ctx.params });
}

export async function POST(req: Request, ctx: Ctx) {
  const params = await ctx.params;
  if (params.nextauth.join("/") === "signin/email") {
    const limited = await signInRateLimited(req);
    if (limited) return limited;
  }
  return auth()(req, { params });
}
