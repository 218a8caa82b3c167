import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { getWebhookDelivery } from "@/lib/webhooks/deliveries";

export const dynamic = "force-dynamic";

const get = withWorkspace(API.getWebhookDelivery, async ({ workspace, params }) =>
  json(await getWebhookDelivery(workspace.id, params.deliveryId)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
