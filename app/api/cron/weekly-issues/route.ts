import { withCron } from "@/lib/api/cron";
import { routeMethods } from "@/lib/api/methods";
import { detectWeeklyIssues } from "@/lib/jobs/weekly-issues";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** Weekly issue detection for every active workspace; Vercel Cron calls it on Mondays at 06:00 UTC. */
const get = withCron(async () => {
  const { results: _perWorkspace, ...summary } = await detectWeeklyIssues();
  return { job: "weekly-issues", ...summary };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
