import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { getWeeklyReport } from "@/lib/domain/workspaces/notifications";
import { setWeeklyReportAction } from "../actions";

export async function NotificationsTab({
  workspaceId,
  workspaceName,
  userId,
  email,
}: {
  workspaceId: string;
  workspaceName: string;
  userId: string;
  email: string;
}) {
  // null: no membership (the demo workspace's visitors), so nothing to opt into.
  const weeklyReport = await getWeeklyReport(workspaceId, userId);
  return (
    <Card className="p-6">
      <h2 className="text-base font-semibold text-slate-900">Weekly report</h2>
      <div className="mt-1 max-w-2xl space-y-2 text-sm text-slate-600">
        <p>
          Once a week, a short email about {workspaceName}&apos;s last week: save rate, cancellations
          recovered and lost, MRR saved, the top reasons customers gave, and any issues we detected, such as a
          drop in save rate, a spike in one reason or webhooks failing.
        </p>
        <p>
          Live (production) data only: sandbox events never count. This setting is yours alone; each member
          chooses for themselves.
        </p>
      </div>
      {weeklyReport === null ? (
        <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700">
          Only members of a workspace can subscribe to its report. The demo workspace has none.
        </p>
      ) : (
        <ActionForm action={setWeeklyReportAction} className="mt-5 space-y-4">
          <input type="hidden" name="workspaceId" value={workspaceId} />
          <label className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              name="weeklyReport"
              defaultChecked={weeklyReport}
              className="mt-0.5 h-4 w-4 rounded border-slate-300 accent-brand-600"
            />
            <span>
              <span className="font-medium text-slate-900">Email me the weekly report</span>
              <span className="block text-slate-600">Sent to {email}.</span>
            </span>
          </label>
          <SubmitButton pendingLabel="Saving…">Save preference</SubmitButton>
        </ActionForm>
      )}
    </Card>
  );
}
