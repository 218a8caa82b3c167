import { json, withWorkspace } from "@/lib/api/handler";
import { API } from "@/lib/api/operations";
import { getWebhookDelivery } from "@/lib/webhooks/deliveries";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(API.getWebhookDelivery, async ({ workspace, params }) =>
  json(await getWebhookDelivery(workspace.id, params.deliveryId)),
);
