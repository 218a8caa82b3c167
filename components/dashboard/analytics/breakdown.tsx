import { categoryColor } from "@/components/charts/palette";
import { BreakdownChart } from "@/components/charts/trend-chart";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
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
    <Card className="p-4 sm:p-5">
      <h2 className="text-heading text-ink">{title}</h2>
      {description ? <p className="mt-0.5 text-caption text-ink-subtle">{description}</p> : null}
      {rows.length ? (
        <div className="mt-4 grid gap-6 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
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
                {
                  header: title.split(" ")[0] ?? title,
                  cell: (r) => (
                    <span className="flex items-center gap-2">
                      {/* The swatch ties the row to its bar in the chart. */}
                      <span
                        aria-hidden="true"
                        className="size-2.5 shrink-0 rounded-sm"
                        style={{ background: categoryColor(rows.indexOf(r)) }}
                      />
                      {label(r.key)}
                    </span>
                  ),
                },
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
        <div className="mt-3">
          <EmptyState title="No events in this period">
            Pick a longer period above, or check that events reach production (sandbox never counts here).
          </EmptyState>
        </div>
      )}
    </Card>
  );
}
