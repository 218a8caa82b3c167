// "Send test event" in the dashboard: queue a webhook.test delivery and send it right away, so the
// person who clicked sees what their endpoint answered.
import { getWebhookDelivery, sendTestWebhook } from "./deliveries";
import { type DrainOptions, deliverWebhookEventsNow } from "./drain";
import type { WebhookDeliveryResource } from "./schema";

/**
 * Sends one test event to an enabled endpoint and waits for the first attempt (at most the 6 s
 * transport timeout). A failed attempt is retried on the normal schedule, like any delivery.
 */
export async function sendTestWebhookNow(
  workspaceId: string,
  endpointId: string,
  options: DrainOptions = {},
): Promise<WebhookDeliveryResource> {
  const { webhookEventId, deliveryId } = await sendTestWebhook(workspaceId, endpointId);
  await deliverWebhookEventsNow([webhookEventId], options);
  return getWebhookDelivery(workspaceId, deliveryId);
}
