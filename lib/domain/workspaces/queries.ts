import "server-only";
import { db } from "@/lib/db";

/** Where customers return when a link names no return URL (null: none set). */
export async function defaultReturnUrl(workspaceId: string): Promise<string | null> {
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { defaultReturnUrl: true },
  });
  return ws.defaultReturnUrl;
}
