import { ApiError } from "@/lib/api/errors";
import { withErrors } from "@/lib/api/handler";
import { deepHealthAuthorized, healthReport } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

export const GET = withErrors(async (req) => {
  const authorized = deepHealthAuthorized(req.headers.get("authorization"));
  if (authorized === false) throw new ApiError("unauthorized", "Invalid health token");
  const report = await healthReport(authorized === true);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});
