import { redirect } from "next/navigation";
import {
  COMPLIANCE_EXPORT_ERRORS,
  type ComplianceExportError,
} from "@/components/dashboard/sessions/compliance-export-form";
import { ApiError } from "@/lib/api/errors";
import { planHasFeature } from "@/lib/billing/plans";
import { requireWorkspace } from "@/lib/dashboard/context";
import { complianceExportRange, complianceExportResponse } from "@/lib/domain/compliance/export";
import { complianceRecordsQuery } from "@/lib/domain/compliance/schema";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const back = (error: ComplianceExportError): never =>
  redirect(`/dashboard/sessions?export_error=${error}#compliance-export`);

/**
 * The sessions page's "Export compliance records": the signed-in member's current workspace, the
 * chosen days (From and To both included, UTC), CSV or JSON lines. The same records as the API's.
 */
export async function GET(req: Request) {
  const { current } = await requireWorkspace();
  if (!planHasFeature(current.plan, "session_diagnostics")) {
    return new Response("Compliance record export comes with the Advanced plan.", { status: 403 });
  }
  const sp = new URL(req.url).searchParams;
  const parsed = complianceRecordsQuery.safeParse({
    from: sp.get("from") || undefined,
    to: sp.get("to") || undefined,
    format: sp.get("format") || undefined,
    environment: sp.get("environment") || undefined,
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "from");
    return back(field in COMPLIANCE_EXPORT_ERRORS ? (field as ComplianceExportError) : "from");
  }
  let range: ReturnType<typeof complianceExportRange>;
  try {
    range = complianceExportRange(parsed.data, new Date());
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return back(/at most/.test(e.message) ? "span" : "order");
  }
  return complianceExportResponse(current.id, {
    environment: parsed.data.environment,
    format: parsed.data.format,
    range,
  });
}
