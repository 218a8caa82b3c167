import { ApiError } from "@/lib/api/errors";
import { withErrors } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { deepHealthAuthorized, healthReport } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

const get = withErrors(async (req) => {
  const authorized = deepHealthAuthorized(req.headers.get("authorization"));
  if (authorized === false) throw new ApiError("unauthorized", "Invalid health token");
  const report = await healthReport(authorized === true);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: get });
