import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export const MAGIC_LINK_MINUTES = 15;

async function sendMagicLink(email: string, url: string) {
  const { SMTP_URL } = env();
  if (!SMTP_URL) {
    // No mail server: the sign-in page says the link is in the server log.
    logger.warn({ email, url }, "sign-in link (SMTP_URL is unset, so it is logged instead of emailed)");
    return;
  }
  const host = new URL(url).host;
  await sendEmail({
    to: email,
    subject: "Your RetentBase sign-in link",
    text: `Sign in to RetentBase:\n\n${url}\n\nThe link works once, for ${MAGIC_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.\n`,
    html: `<p>Sign in to RetentBase on ${host}:</p><p><a href="${url}">Sign in</a></p><p>The link works once, for ${MAGIC_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.</p>`,
  });
}

/** next-auth configuration: email magic links always, GitHub/Google when configured; sessions in the database. */
export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    // The adapter is typed against @prisma/client's default output; ours is generated elsewhere.
    adapter: PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]),
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login", verifyRequest: "/login/check-email", error: "/login" },
    providers: [
      EmailProvider({
        // Unused: sending goes through sendVerificationRequest (our transport, or the log).
        server: e.SMTP_URL ?? "smtp://127.0.0.1:25",
        from: e.EMAIL_FROM,
        maxAge: MAGIC_LINK_MINUTES * 60,
        sendVerificationRequest: ({ identifier, url }) => sendMagicLink(identifier, url),
      }),
      ...(e.GITHUB_ID && e.GITHUB_SECRET
        ? [GitHubProvider({ clientId: e.GITHUB_ID, clientSecret: e.GITHUB_SECRET })]
        : []),
      ...(e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? [GoogleProvider({ clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET })]
        : []),
    ],
    callbacks: {
      session: ({ session, user }) => ({ ...session, user: { ...session.user, id: user.id } }),
    },
  };
}

export function oauthProviders(): { id: "github" | "google"; name: string }[] {
  const e = env();
  return [
    ...(e.GITHUB_ID ? [{ id: "github" as const, name: "GitHub" }] : []),
    ...(e.GOOGLE_CLIENT_ID ? [{ id: "google" as const, name: "Google" }] : []),
  ];
}
