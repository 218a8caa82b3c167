import { planHasFeature } from "@/lib/billing/plans";
import { requireWorkspace } from "@/lib/dashboard/context";
import { parseRange } from "@/lib/domain/analytics/range";
import { exportCancellationsCsv, exportFilename } from "@/lib/domain/cancellations/export";

export const dynamic = "force-dynamic";

/** The analytics page's "Export CSV": the signed-in user's current workspace, prod, the chosen dates. */
export async function GET(req: Request) {
  const { current } = await requireWorkspace();
  if (!planHasFeature(current.plan, "advanced_analytics")) {
    return new Response("CSV export comes with the Advanced plan.", { status: 403 });
  }
  const params = Object.fromEntries(new URL(req.url).searchParams);
  // `to` arrives exclusive (the day after the last one shown): parseRange takes the last day.
  const lastShown = params.to ? new Date(new Date(`${params.to}T00:00:00Z`).getTime() - 86_400_000) : null;
  const range = parseRange({
    from: params.from,
    to: lastShown && !Number.isNaN(lastShown.getTime()) ? lastShown.toISOString().slice(0, 10) : undefined,
    range: params.range,
  });
  const stream = await exportCancellationsCsv(current.id, {
    environment: "prod",
    from: range.from,
    to: range.to,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename("prod")}"`,
      "cache-control": "no-store",
    },
  });
}
