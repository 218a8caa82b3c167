import { withCron } from "@/lib/api/cron";
import { sendWeeklyReports } from "@/lib/jobs/reports";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Weekly report emails; hourly, because each workspace is due at its own local Monday 08:00. */
export const GET = withCron(async () => {
  const { results: _perWorkspace, ...summary } = await sendWeeklyReports();
  return { job: "reports", ...summary };
});
