"use server";

import { type ActionResult, requireRole } from "@/lib/dashboard/context";
import { assertFormWorkspace, formAction, formValue, saved } from "@/lib/dashboard/forms";
import { setWeeklyReport } from "@/lib/domain/workspaces/notifications";

/** Any member (not the demo's viewers) sets their own weekly report preference. */
export async function setWeeklyReportAction(_p: ActionResult | null, f: FormData): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("member");
    assertFormWorkspace(f, current);
    const enabled = formValue(f, "weeklyReport") === "on";
    await setWeeklyReport(current.id, user.id, enabled);
    return saved(
      enabled
        ? `You will get the weekly report for ${current.name} by email, to ${user.email}.`
        : `You will no longer get the weekly report for ${current.name}.`,
    );
  });
}
