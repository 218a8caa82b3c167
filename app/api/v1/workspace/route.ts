import { json, withWorkspace } from "@/lib/api/handler";
import { API } from "@/lib/api/operations";
import { describeWorkspace } from "@/lib/domain/workspaces/describe-workspace";

export const dynamic = "force-dynamic";

/** The workspace the API key belongs to: a cheap way for an integration to check its key. */
export const GET = withWorkspace(API.getWorkspace, async ({ workspace }) =>
  json(await describeWorkspace(workspace)),
);
