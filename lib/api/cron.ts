import { env } from "@/lib/env";
import { bearerToken, safeEqual } from "./auth";
import { ApiError } from "./errors";
import { withErrors } from "./handler";

/**
 * A cron route: `Authorization: Bearer $CRON_SECRET`, compared in constant time, never from the
 * query string. With no CRON_SECRET configured every call is refused (401).
 */
export function withCron(job: (req: Request) => Promise<unknown>) {
  return withErrors(async (req) => {
    const expected = env().CRON_SECRET;
    const sent = bearerToken(req.headers.get("authorization"));
    if (!expected || !sent || !safeEqual(sent, expected)) {
      throw new ApiError("unauthorized", "Cron routes need `Authorization: Bearer <CRON_SECRET>`");
    }
    return Response.json(await job(req), { headers: { "cache-control": "no-store" } });
  });
}
