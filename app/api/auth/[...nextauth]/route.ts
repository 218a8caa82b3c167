import NextAuth from "next-auth";
import { routeMethods } from "@/lib/api/methods";
import { type NextAuthHandler, nextAuthRoute } from "@/lib/auth/next-auth-route";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

let handler: NextAuthHandler | undefined;
// Built on first request, so `next build` needs no configuration.
const route = nextAuthRoute(() => {
  handler ??= NextAuth(authOptions()) as NextAuthHandler;
  return handler;
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({
  GET: route.GET,
  POST: route.POST,
});
