import { withCron } from "@/lib/api/cron";
import { routeMethods } from "@/lib/api/methods";
import { expireSessions } from "@/lib/jobs/expire-sessions";

export const dynamic = "force-dynamic";

const get = withCron(async () => {
  const { expired, abandoned } = await expireSessions();
  return { job: "expire-sessions", expired, abandoned };
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
