import { BreakdownChart } from "@/components/charts/trend-chart";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { count, money, pct } from "@/lib/dashboard/format";

export type BreakdownRow = {
  key: string;
  events: number;
  share: number;
  recovered: number;
  churned: number;
  saveRate: number | null;
  mrrSaved: number;
  mrrLost: number;
};

/** One breakdown: a chart, and the same numbers as a table (the accessible version). */
export function Breakdown({
  title,
  description,
  rows,
  label = (k) => k,
  currency,
}: {
  title: string;
  description?: string;
  rows: BreakdownRow[];
  label?: (key: string) => string;
  /** ISO 4217 code amounts are shown in. */
  currency: string;
}) {
  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      {description ? <p className="mt-0.5 text-xs text-slate-500">{description}</p> : null}
      {rows.length ? (
        <div className="mt-3 grid gap-4 xl:grid-cols-2">
          <BreakdownChart
            data={rows.map((r) => ({
              label: label(r.key),
              events: r.events,
              saveRatePct: r.saveRate === null ? null : r.saveRate * 100,
            }))}
          />
          <div className="overflow-x-auto">
            <DataTable
              caption={title}
              rows={rows}
              rowKey={(r) => r.key}
              columns={[
                { header: title.split(" ")[0] ?? title, cell: (r) => label(r.key) },
                { header: "Events", numeric: true, cell: (r) => count(r.events) },
                { header: "Share", numeric: true, cell: (r) => pct(r.share) },
                { header: "Save rate", numeric: true, cell: (r) => pct(r.saveRate) },
                { header: "MRR saved", numeric: true, cell: (r) => money(r.mrrSaved, currency) },
                { header: "MRR lost", numeric: true, cell: (r) => money(r.mrrLost, currency) },
              ]}
            />
          </div>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No events in this period.</p>
      )}
    </Card>
  );
}
