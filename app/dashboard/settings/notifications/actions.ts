"use server";

import { z } from "zod";
import { saved, workspaceAction } from "@/lib/dashboard/action";
import { text } from "@/lib/dashboard/forms";
import { setWeeklyReport } from "@/lib/domain/workspaces/notifications";

/** Any member (not the demo's viewers) sets their own weekly report preference. */
export const setWeeklyReportAction = workspaceAction(
  { role: "member", schema: z.object({ weeklyReport: text() }) },
  async ({ weeklyReport }, { workspace, user }) => {
    const enabled = weeklyReport === "on";
    await setWeeklyReport(workspace.id, user.id, enabled);
    return saved(
      enabled
        ? `You will get the weekly report for ${workspace.name} by email, to ${user.email}.`
        : `You will no longer get the weekly report for ${workspace.name}.`,
    );
  },
);
