import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { describeWorkspace } from "@/lib/domain/workspaces/describe-workspace";

export const dynamic = "force-dynamic";

/** The workspace the API key belongs to: a cheap way for an integration to check its key. */
const get = withWorkspace(API.getWorkspace, async ({ workspace }) =>
  json(await describeWorkspace(workspace)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
