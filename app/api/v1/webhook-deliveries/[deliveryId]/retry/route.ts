import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { apiKeyActor } from "@/lib/domain/audit";
import { retryWebhookDelivery } from "@/lib/webhooks/deliveries";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";

export const dynamic = "force-dynamic";

/** Queues a dead (or failed) delivery for one more attempt, sent right after this response: 202. */
const post = withWorkspace(API.retryWebhookDelivery, async ({ workspace, apiKeyId, params }) => {
  const { delivery, webhookEventId } = await retryWebhookDelivery(workspace.id, params.deliveryId, {
    actor: apiKeyActor(apiKeyId),
  });
  scheduleWebhookDelivery([webhookEventId]);
  return json(delivery, 202);
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: post });
