import { json, withWorkspace } from "@/lib/api/handler";
import { listWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { listWebhookDeliveriesQuery } from "@/lib/webhooks/schema";

export const dynamic = "force-dynamic";

/** Deliveries newest first, each with its attempts; filters `status`, `endpointId`; cursor pagination. */
export const GET = withWorkspace(
  { feature: "outbound_webhooks", query: listWebhookDeliveriesQuery },
  async ({ workspace, query }) => json(await listWebhookDeliveries(workspace.id, query)),
);
