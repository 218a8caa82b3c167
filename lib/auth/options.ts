import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { db } from "@/lib/db";
import { escapeHtml } from "@/lib/email/html";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";
import { normalizeEmailIdentifier } from "./email-identifier";

export const MAGIC_LINK_MINUTES = 15;

async function sendMagicLink(email: string, url: string) {
  const host = new URL(url).host;
  // Without SMTP_URL the link goes to the log when EMAIL_LOG_LINKS allows it (the login page says so).
  const { sent, linkLogged } = await sendEmail({
    to: email,
    subject: "Your RetentBase sign-in link",
    text: `Sign in to RetentBase:\n\n${url}\n\nThe link works once, for ${MAGIC_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.\n`,
    html: `<p>Sign in to RetentBase on ${escapeHtml(host)}:</p><p><a href="${escapeHtml(url)}">Sign in</a></p><p>The link works once, for ${MAGIC_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.</p>`,
    link: url,
  });
  // next-auth turns this into "could not send the sign-in email" on the login page.
  if (!sent && !linkLogged)
    throw new Error("no SMTP_URL, and EMAIL_LOG_LINKS is off: the sign-in link went nowhere");
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
        // The address next-auth mails and stores; the sign-in limiter counts on the same one.
        normalizeIdentifier: normalizeEmailIdentifier,
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
