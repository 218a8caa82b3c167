import { json, withWorkspace } from "@/lib/api/handler";
import { createCancelLink } from "@/lib/domain/cancel-sessions/create-link";
import { cancelLinkBody } from "@/lib/domain/cancel-sessions/schema";

export const dynamic = "force-dynamic";

/** A one-hour link to the hosted cancellation flow for one customer. */
export const POST = withWorkspace(
  { feature: "hosted_flow", body: cancelLinkBody },
  async ({ workspace, body }) => json(await createCancelLink(workspace, body)),
);
