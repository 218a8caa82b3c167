import { chosenEnvironment, json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { getCancellation } from "@/lib/domain/cancellations/read-cancellations";
import { updateCancellationOutcome } from "@/lib/domain/cancellations/update-outcome";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";

export const dynamic = "force-dynamic";

/**
 * Sets the final outcome (churned | recovered). Same outcome again: 200, nothing changes.
 * `environment` from the query or the body (both given must agree).
 */
const patch = withWorkspace(API.updateCancellationOutcome, async ({ workspace, body, query, params }) => {
  const environment = chosenEnvironment(query, body);
  const { event, webhookEventId } = await updateCancellationOutcome(workspace, params.eventId, {
    ...body,
    environment,
  });
  scheduleWebhookDelivery([webhookEventId]);
  return json(event);
});

const get = withWorkspace(API.getCancellation, async ({ workspace, query, params }) =>
  json(await getCancellation(workspace.id, query.environment, params.eventId)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get, PATCH: patch });
