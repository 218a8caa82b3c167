import { withCron } from "@/lib/api/cron";
import { refreshAllRollups } from "@/lib/jobs/rollups";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

export const GET = withCron(async () => ({ job: "rollups", ...(await refreshAllRollups()) }));
