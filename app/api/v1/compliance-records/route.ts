import { withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { complianceExportRange, complianceExportResponse } from "@/lib/domain/compliance/export";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** The workspace's compliance records for a date range (Advanced), JSON lines or CSV, streamed. */
const get = withWorkspace(API.exportComplianceRecords, async ({ workspace, query }) =>
  complianceExportResponse(workspace.id, {
    environment: query.environment,
    format: query.format,
    range: complianceExportRange(query, new Date()),
  }),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
