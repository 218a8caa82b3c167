import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { listCancellations } from "@/lib/domain/cancellations/read-cancellations";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";

export const dynamic = "force-dynamic";

/** Creates or reuses a cancellation event: 201 created, 200 idempotent replay (the stored event). */
const post = withWorkspace(API.createCancellation, async ({ workspace, body }) => {
  const { created, event, webhookEventId } = await recordCancellation(workspace, body);
  scheduleWebhookDelivery([webhookEventId]);
  const location = `/api/v1/cancellations/${encodeURIComponent(event.eventId)}?environment=${event.environment}`;
  return json(event, created ? 201 : 200, { location });
});

const get = withWorkspace(API.listCancellations, async ({ workspace, query }) =>
  json(await listCancellations(workspace.id, query)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get, POST: post });
