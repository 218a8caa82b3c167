import { json, withWorkspace } from "@/lib/api/handler";
import { API } from "@/lib/api/operations";
import { getCancelSessionDiagnostics } from "@/lib/domain/cancel-sessions/diagnostics";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(API.getCancelSessionDiagnostics, async ({ workspace, params }) =>
  json(await getCancelSessionDiagnostics(workspace.id, params.id)),
);
