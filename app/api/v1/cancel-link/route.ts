import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { createCancelLink } from "@/lib/domain/cancel-sessions/create-link";

export const dynamic = "force-dynamic";

/** A one-hour link to the hosted cancellation flow for one customer. */
const post = withWorkspace(API.createCancelLink, async ({ workspace, body }) =>
  json(await createCancelLink(workspace, body)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: post });
