import { withCron } from "@/lib/api/cron";
import { routeMethods } from "@/lib/api/methods";
import { sendWeeklyReports } from "@/lib/jobs/reports";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Weekly report emails; hourly, because each workspace is due at its own local Monday 08:00. */
const get = withCron(async () => {
  const { results: _perWorkspace, ...summary } = await sendWeeklyReports();
  return { job: "reports", ...summary };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
