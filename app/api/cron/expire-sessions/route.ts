import { withCron } from "@/lib/api/cron";
import { expireSessions } from "@/lib/jobs/expire-sessions";

export const dynamic = "force-dynamic";

export const GET = withCron(async () => {
  const { expired, abandoned } = await expireSessions();
  return { job: "expire-sessions", expired, abandoned };
});
