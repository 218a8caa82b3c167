import { withCron } from "@/lib/api/cron";
import { routeMethods } from "@/lib/api/methods";
import { drainWebhookDeliveries } from "@/lib/webhooks/drain";

export const dynamic = "force-dynamic";
// The drain stops claiming after 40 s; attempts in flight then finish within their 6 s timeout.
export const maxDuration = 60;

/** Retries (and any missed first attempts) of outbound webhooks; Vercel Cron calls it every minute. */
const get = withCron(async () => ({
  job: "webhooks",
  ...(await drainWebhookDeliveries({ budgetMs: 40_000 })),
}));

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
