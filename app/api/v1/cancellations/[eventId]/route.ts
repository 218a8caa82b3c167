import { json, withWorkspace } from "@/lib/api/handler";
import { API } from "@/lib/api/operations";
import { getCancellation } from "@/lib/domain/cancellations/read-cancellations";
import { updateCancellationOutcome } from "@/lib/domain/cancellations/update-outcome";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";

export const dynamic = "force-dynamic";

/** Sets the final outcome (churned | recovered). Same outcome again: 200, nothing changes. */
export const PATCH = withWorkspace(API.updateCancellationOutcome, async ({ workspace, body, params }) => {
  const { event, webhookEventId } = await updateCancellationOutcome(workspace, params.eventId, body);
  scheduleWebhookDelivery([webhookEventId]);
  return json(event);
});

export const GET = withWorkspace(API.getCancellation, async ({ workspace, query, params }) =>
  json(await getCancellation(workspace.id, query.environment, params.eventId)),
);
