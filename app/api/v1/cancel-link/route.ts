import { json, withWorkspace } from "@/lib/api/handler";
import { API } from "@/lib/api/operations";
import { createCancelLink } from "@/lib/domain/cancel-sessions/create-link";

export const dynamic = "force-dynamic";

/** A one-hour link to the hosted cancellation flow for one customer. */
export const POST = withWorkspace(API.createCancelLink, async ({ workspace, body }) =>
  json(await createCancelLink(workspace, body)),
);
