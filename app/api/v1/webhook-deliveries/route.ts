import { json, withWorkspace } from "@/lib/api/handler";
import { API } from "@/lib/api/operations";
import { listWebhookDeliveries } from "@/lib/webhooks/deliveries";

export const dynamic = "force-dynamic";

/** Deliveries newest first, each with its attempts; filters `status`, `endpointId`; cursor pagination. */
export const GET = withWorkspace(API.listWebhookDeliveries, async ({ workspace, query }) =>
  json(await listWebhookDeliveries(workspace.id, query)),
);
