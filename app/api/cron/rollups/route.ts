import { withCron } from "@/lib/api/cron";
import { routeMethods } from "@/lib/api/methods";
import { refreshAllRollups } from "@/lib/jobs/rollups";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const get = withCron(async () => ({ job: "rollups", ...(await refreshAllRollups()) }));

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
