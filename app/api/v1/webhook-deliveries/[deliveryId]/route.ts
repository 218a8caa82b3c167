import { json, withWorkspace } from "@/lib/api/handler";
import { getWebhookDelivery } from "@/lib/webhooks/deliveries";
import { deliveryIdParams } from "@/lib/webhooks/schema";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(
  { feature: "outbound_webhooks", params: deliveryIdParams },
  async ({ workspace, params }) => json(await getWebhookDelivery(workspace.id, params.deliveryId)),
);
