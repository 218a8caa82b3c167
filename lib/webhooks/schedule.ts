import { after } from "next/server";
import { logger } from "@/lib/logger";
import { deliverWebhookEventsNow } from "./drain";

/**
 * Sends the first attempt of these just-enqueued events once the response has gone out (Next's
 * `after()`), so the caller never waits on a merchant's endpoint. Call it after the transaction
 * that enqueued them has committed.
 *
 * Outside a request scope (the CLI, scripts, tests calling handlers directly) `after()` throws; we
 * then do nothing: the deliveries are already queued and the next drain (cron route or
 * `npm run worker`, every minute) sends them. That keeps a CLI from hanging on an endpoint and keeps
 * tests deterministic — they drain explicitly.
 */
export function scheduleWebhookDelivery(webhookEventIds: ReadonlyArray<string | null | undefined>): void {
  const ids = [...new Set(webhookEventIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return;
  try {
    after(async () => {
      try {
        await deliverWebhookEventsNow(ids);
      } catch (err) {
        logger.error(
          { err, webhookEventIds: ids },
          "immediate webhook delivery failed; the drainer will retry",
        );
      }
    });
  } catch {
    logger.debug({ webhookEventIds: ids }, "no request scope: webhooks left to the drainer");
  }
}
