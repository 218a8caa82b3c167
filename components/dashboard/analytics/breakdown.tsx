import { BreakdownChart } from "@/components/charts/trend-chart";
import { Card } from "@/components/ui/card";
import { count, money, pct } from "./format";

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
}: {
  title: string;
  description?: string;
  rows: BreakdownRow[];
  label?: (key: string) => string;
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
            <table className="w-full text-left text-xs">
              <caption className="sr-only">{title}</caption>
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="py-1 font-medium">
                    {title.split(" ")[0]}
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    Events
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    Share
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    Save rate
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    MRR saved
                  </th>
                  <th scope="col" className="py-1 text-right font-medium">
                    MRR lost
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row" className="py-1.5 font-normal">
                      {label(r.key)}
                    </th>
                    <td className="py-1.5 text-right tabular-nums">{count(r.events)}</td>
                    <td className="py-1.5 text-right tabular-nums">{pct(r.share)}</td>
                    <td className="py-1.5 text-right tabular-nums">{pct(r.saveRate)}</td>
                    <td className="py-1.5 text-right tabular-nums">{money(r.mrrSaved)}</td>
                    <td className="py-1.5 text-right tabular-nums">{money(r.mrrLost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No events in this period.</p>
      )}
    </Card>
  );
}
