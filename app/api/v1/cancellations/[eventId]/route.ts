import { json, withWorkspace } from "@/lib/api/handler";
import { getCancellation } from "@/lib/domain/cancellations/read-cancellations";
import { environmentQuery, eventIdParams, updateOutcomeBody } from "@/lib/domain/cancellations/schema";
import { updateCancellationOutcome } from "@/lib/domain/cancellations/update-outcome";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";

export const dynamic = "force-dynamic";

/** Sets the final outcome (churned | recovered). Same outcome again: 200, nothing changes. */
export const PATCH = withWorkspace(
  { feature: "custom_api", body: updateOutcomeBody, params: eventIdParams },
  async ({ workspace, body, params }) => {
    const { event, webhookEventId } = await updateCancellationOutcome(workspace, params.eventId, body);
    scheduleWebhookDelivery([webhookEventId]);
    return json(event);
  },
);

export const GET = withWorkspace(
  { feature: "custom_api", query: environmentQuery, params: eventIdParams },
  async ({ workspace, query, params }) =>
    json(await getCancellation(workspace.id, query.environment, params.eventId)),
);
