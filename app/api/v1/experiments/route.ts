import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { listExperiments } from "@/lib/domain/experiments/experiments";

export const dynamic = "force-dynamic";

const get = withWorkspace(API.listExperiments, async ({ workspace }) =>
  json({ data: await listExperiments(workspace.id) }),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
