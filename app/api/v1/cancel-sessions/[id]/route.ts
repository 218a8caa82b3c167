import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { getCancelSessionDiagnostics } from "@/lib/domain/cancel-sessions/diagnostics";

export const dynamic = "force-dynamic";

const get = withWorkspace(API.getCancelSessionDiagnostics, async ({ workspace, params }) =>
  json(await getCancelSessionDiagnostics(workspace.id, params.id)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
