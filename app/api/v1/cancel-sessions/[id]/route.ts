import { json, withWorkspace } from "@/lib/api/handler";
import { getCancelSessionDiagnostics } from "@/lib/domain/cancel-sessions/diagnostics";
import { sessionIdParams } from "@/lib/domain/cancel-sessions/schema";

export const dynamic = "force-dynamic";

export const GET = withWorkspace(
  { feature: "session_diagnostics", params: sessionIdParams },
  async ({ workspace, params }) => json(await getCancelSessionDiagnostics(workspace.id, params.id)),
);
