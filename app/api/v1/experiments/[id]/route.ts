import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { getExperimentDetail } from "@/lib/domain/experiments/experiments";

export const dynamic = "force-dynamic";

const get = withWorkspace(API.getExperiment, async ({ workspace, params }) =>
  json(await getExperimentDetail(workspace.id, params.id)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
