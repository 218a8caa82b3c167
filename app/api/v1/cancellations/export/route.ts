import { withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { exportCancellationsCsv, exportFilename } from "@/lib/domain/cancellations/export";
import { PATCH as patchEvent } from "../[eventId]/route";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

/** The workspace's events as CSV (Advanced), newest first, streamed page by page. */
const get = withWorkspace(API.exportCancellations, async ({ workspace, query }) => {
  const stream = await exportCancellationsCsv(workspace.id, {
    environment: query.environment,
    outcome: query.outcome,
    reasonKey: query.reasonKey,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(query.environment)}"`,
      "cache-control": "no-store",
    },
  });
});

// This static segment shadows `/cancellations/{eventId}` for an event whose eventId is "export":
// its PATCH still reaches the event (its GET is this export; read it from the list instead).
const patch = (req: Request) => patchEvent(req, { params: Promise.resolve({ eventId: "export" }) });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get, PATCH: patch });
