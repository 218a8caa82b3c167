// The dashboard's (and the CLI's) "Send test event" and "Retry": queue the delivery and make its
// attempt right away, so the person who clicked sees what the endpoint answered. A person asking
// goes past the circuit breaker: while the endpoint's circuit is open this attempt is its probe
// (an answer closes the circuit, a timeout keeps it open longer). (The API's retry answers 202 and
// sends after the response instead, when the circuit lets it.)
import type { Actor } from "@/lib/domain/audit";
import { getWebhookDelivery, retryWebhookDelivery, sendTestWebhook } from "./deliveries";
import { type DrainOptions, deliverWebhookEventsNow } from "./drain";
import type { WebhookDeliveryResource } from "./schema";

/**
 * Sends one test event to an enabled endpoint and waits for the first attempt (at most the 6 s
 * transport timeout). A failed attempt is retried on the normal schedule, like any delivery.
 */
export async function sendTestWebhookNow(
  workspaceId: string,
  endpointId: string,
  { actor, ...options }: DrainOptions & { actor?: Actor } = {},
): Promise<WebhookDeliveryResource> {
  const { webhookEventId, deliveryId } = await sendTestWebhook(workspaceId, endpointId, { actor });
  await deliverWebhookEventsNow([webhookEventId], { probe: true, ...options });
  return getWebhookDelivery(workspaceId, deliveryId);
}

/** Retries a failed or dead delivery now and returns it after the attempt. */
export async function retryWebhookDeliveryNow(
  workspaceId: string,
  deliveryId: string,
  { actor, ...options }: DrainOptions & { actor?: Actor } = {},
): Promise<WebhookDeliveryResource> {
  const { webhookEventId } = await retryWebhookDelivery(workspaceId, deliveryId, { actor });
  await deliverWebhookEventsNow([webhookEventId], { probe: true, ...options });
  return getWebhookDelivery(workspaceId, deliveryId);
}
