// A member's own email preferences in one workspace.
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";

export async function getWeeklyReport(workspaceId: string, userId: string): Promise<boolean | null> {
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { weeklyReport: true },
  });
  return m ? m.weeklyReport : null;
}

/** Opts the member in or out of the weekly report email; only ever their own membership. */
export async function setWeeklyReport(workspaceId: string, userId: string, enabled: boolean): Promise<void> {
  const { count } = await db.membership.updateMany({
    where: { workspaceId, userId },
    data: { weeklyReport: enabled },
  });
  if (count === 0) throw new ApiError("not_found", "You are not a member of this workspace");
}
