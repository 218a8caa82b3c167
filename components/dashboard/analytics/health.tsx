import { TrendChart, type TrendPoint } from "@/components/charts/trend-chart";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { count, money, pct } from "@/lib/dashboard/format";

type Health = {
  events: number;
  recovered: number;
  churned: number;
  abandoned: number;
  pending: number;
  mrrSaved: number;
  mrrLost: number;
  saveRate: number | null;
  topReasons: { key: string; events: number; share: number; saveRate: number | null }[];
};

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}

export function HealthSummary({
  health,
  labels,
  currency,
}: {
  health: Health;
  labels: Record<string, string>;
  /** ISO 4217 code amounts are shown in. */
  currency: string;
}) {
  return (
    <section aria-labelledby="health-title" className="space-y-4">
      <h2 id="health-title" className="text-base font-semibold text-slate-900">
        Retention health
      </h2>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Kpi label="Save rate" value={pct(health.saveRate)} hint="recovered ÷ (recovered + churned)" />
        <Kpi
          label="Recovered"
          value={count(health.recovered)}
          hint={`MRR saved ${money(health.mrrSaved, currency)}`}
        />
        <Kpi
          label="Churned"
          value={count(health.churned)}
          hint={`MRR lost ${money(health.mrrLost, currency)}`}
        />
        <Kpi
          label="Not decided"
          value={count(health.pending + health.abandoned)}
          hint={`${count(health.pending)} pending · ${count(health.abandoned)} abandoned`}
        />
      </dl>
      <Card className="p-5">
        <h3 className="text-sm font-semibold text-slate-900">Top reasons</h3>
        {health.topReasons.length ? (
          <table className="mt-3 w-full text-left text-sm">
            <caption className="sr-only">Top cancellation reasons</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1.5 font-medium">
                  Reason
                </th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  Events
                </th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  Share
                </th>
                <th scope="col" className="py-1.5 text-right font-medium">
                  Save rate
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {health.topReasons.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="py-2 font-normal text-slate-900">
                    <div>{labels[r.key] ?? r.key}</div>
                    <div className="mt-1 h-1.5 rounded-full bg-slate-100" aria-hidden="true">
                      <div
                        className="h-1.5 rounded-full bg-brand-500"
                        style={{ width: `${Math.round(r.share * 100)}%` }}
                      />
                    </div>
                  </th>
                  <td className="py-2 text-right tabular-nums">{count(r.events)}</td>
                  <td className="py-2 text-right tabular-nums">{pct(r.share)}</td>
                  <td className="py-2 text-right tabular-nums">{pct(r.saveRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <div className="mt-3">
            <EmptyState title="No cancellations in this period">
              Events from the hosted flow and the API show up here. Sandbox events are never counted.
            </EmptyState>
          </div>
        )}
      </Card>
    </section>
  );
}

export function TrendSection({ trend }: { trend: (TrendPoint & { events: number })[] }) {
  const any = trend.some((w) => w.events > 0);
  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">12-week trend</h2>
      {any ? (
        <div className="mt-3 grid gap-4 lg:grid-cols-[2fr_1fr]">
          <TrendChart data={trend} />
          <div>
            <DataTable
              caption="Weekly recovered, churned and save rate"
              rows={trend}
              rowKey={(w) => w.weekStart}
              columns={[
                { header: "Week of", cell: (w) => w.weekStart },
                { header: "Recovered", numeric: true, cell: (w) => w.recovered },
                { header: "Churned", numeric: true, cell: (w) => w.churned },
                { header: "Save rate", numeric: true, cell: (w) => pct(w.saveRate) },
              ]}
            />
          </div>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600">No decided cancellations in the last 12 weeks yet.</p>
      )}
    </Card>
  );
}
