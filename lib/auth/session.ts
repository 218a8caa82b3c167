import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { loginPathFor } from "./callback-url";
import { authOptions } from "./options";

export type SessionUser = { id: string; email: string; name: string | null };

export async function currentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; email?: string | null; name?: string | null } | undefined;
  if (!user?.id || !user.email) return null;
  return { id: user.id, email: user.email, name: user.name ?? null };
}

/**
 * For dashboard pages and actions: the signed-in user, or off to /login — and back to the page
 * asked for once signed in (a deep link like /dashboard/settings?tab=api keeps its destination).
 */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(loginPathFor((await headers()).get("x-request-path")));
  return user;
}
