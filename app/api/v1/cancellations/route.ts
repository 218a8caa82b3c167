import { json, withWorkspace } from "@/lib/api/handler";
import { listCancellations } from "@/lib/domain/cancellations/read-cancellations";
import { recordCancellation } from "@/lib/domain/cancellations/record-cancellation";
import { createCancellationBody, listCancellationsQuery } from "@/lib/domain/cancellations/schema";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";

export const dynamic = "force-dynamic";

/** Creates or reuses a cancellation event: 201 created, 200 idempotent replay (the stored event). */
export const POST = withWorkspace(
  { feature: "custom_api", body: createCancellationBody },
  async ({ workspace, body }) => {
    const { created, event, webhookEventId } = await recordCancellation(workspace, body);
    scheduleWebhookDelivery([webhookEventId]);
    const location = `/api/v1/cancellations/${encodeURIComponent(event.eventId)}?environment=${event.environment}`;
    return json(event, created ? 201 : 200, { location });
  },
);

export const GET = withWorkspace(
  { feature: "custom_api", query: listCancellationsQuery },
  async ({ workspace, query }) => json(await listCancellations(workspace.id, query)),
);
