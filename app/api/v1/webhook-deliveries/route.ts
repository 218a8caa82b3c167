import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { listWebhookDeliveries } from "@/lib/webhooks/deliveries";

export const dynamic = "force-dynamic";

/** Deliveries newest first, each with its attempts; filters `status`, `endpointId`; cursor pagination. */
const get = withWorkspace(API.listWebhookDeliveries, async ({ workspace, query }) =>
  json(await listWebhookDeliveries(workspace.id, query)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
