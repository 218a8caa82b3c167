import { weekLabel } from "@/components/charts/labels";
import { categoryColor } from "@/components/charts/palette";
import { TrendChart, TrendLegend, type TrendPoint } from "@/components/charts/trend-chart";
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
  /** Saves that lasted, over decided events 30 days old or more (null rate: none that old yet). */
  validated: { decided: number; validated: number; rate: number | null };
  topReasons: { key: string; events: number; share: number; saveRate: number | null }[];
};

function Kpi({
  label,
  value,
  hint,
  className = "",
}: {
  label: string;
  value: string;
  hint?: string;
  className?: string;
}) {
  return (
    <div className={`bg-surface px-4 py-3.5 sm:px-5 sm:py-4 ${className}`}>
      <dt className="text-caption font-medium text-ink-subtle">{label}</dt>
      <dd className="mt-1 text-metric text-ink tabular-nums">{value}</dd>
      {hint ? <dd className="mt-0.5 text-caption text-ink-subtle">{hint}</dd> : null}
    </div>
  );
}

/** What the validated save rate counts, in a line under it. */
export function validatedHint(v: Health["validated"]): string {
  if (v.decided === 0) return "Saves that lasted 30 days; no decided event is 30 days old yet";
  return `Saves that lasted 30 days ÷ decided, over ${count(v.decided)} events 30+ days old`;
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
      <h2 id="health-title" className="text-heading text-ink">
        Retention health
      </h2>
      {/* One card split by hairlines (the gap shows the border colour), not four floating boxes. */}
      <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-card border border-line bg-line shadow-card md:grid-cols-5">
        <Kpi label="Save rate" value={pct(health.saveRate)} hint="recovered ÷ (recovered + churned)" />
        <Kpi
          label="Validated save rate"
          value={pct(health.validated.rate)}
          hint={validatedHint(health.validated)}
        />
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
          className="col-span-2 md:col-span-1"
          label="Not decided"
          value={count(health.pending + health.abandoned)}
          hint={`${count(health.pending)} pending · ${count(health.abandoned)} abandoned`}
        />
      </dl>
      <Card className="p-4 sm:p-5">
        <h3 className="text-heading text-ink">Top reasons</h3>
        {health.topReasons.length ? (
          // Fixed numeric columns with padding between them: "122" and "31.5%" never run together.
          <table className="mt-3 w-full table-fixed text-left text-body">
            <caption className="sr-only">Top cancellation reasons</caption>
            <colgroup>
              <col />
              <col className="w-14 sm:w-20" />
              <col className="w-16 sm:w-20" />
              <col className="w-[4.5rem] sm:w-24" />
            </colgroup>
            <thead className="border-b border-line text-caption text-ink-subtle">
              <tr>
                <th scope="col" className="py-1.5 font-medium">
                  Reason
                </th>
                <th scope="col" className="py-1.5 pl-3 text-right font-medium">
                  Events
                </th>
                <th scope="col" className="py-1.5 pl-3 text-right font-medium">
                  Share
                </th>
                <th scope="col" className="py-1.5 pl-3 text-right font-medium">
                  Save rate
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {health.topReasons.map((r, i) => (
                <tr key={r.key}>
                  <th scope="row" className="py-2.5 pr-2 font-normal text-ink">
                    <div>{labels[r.key] ?? r.key}</div>
                    <div className="mt-1.5 h-1 rounded-full bg-canvas" aria-hidden="true">
                      <div
                        className="h-1 rounded-full"
                        style={{ width: `${Math.round(r.share * 100)}%`, background: categoryColor(i) }}
                      />
                    </div>
                  </th>
                  <td className="py-2.5 pl-3 text-right whitespace-nowrap text-ink tabular-nums">
                    {count(r.events)}
                  </td>
                  <td className="py-2.5 pl-3 text-right whitespace-nowrap text-ink-muted tabular-nums">
                    {pct(r.share)}
                  </td>
                  <td className="py-2.5 pl-3 text-right whitespace-nowrap text-ink-muted tabular-nums">
                    {pct(r.saveRate)}
                  </td>
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
  const partial = trend.some((w) => w.partial);
  return (
    <Card className="p-4 sm:p-5">
      <section aria-labelledby="trend-title">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
          <h2 id="trend-title" className="text-heading text-ink">
            12-week trend
          </h2>
          {any ? <TrendLegend partial={partial} /> : null}
        </div>
        {any ? (
          <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(16rem,1fr)]">
            <TrendChart data={trend} />
            <div className="overflow-x-auto">
              <DataTable
                caption="Weekly recovered, churned and save rate"
                rows={trend}
                className="text-caption"
                rowKey={(w) => w.weekStart}
                columns={[
                  {
                    header: "Week of",
                    cell: (w) =>
                      w.partial ? (
                        <>
                          {weekLabel(w.weekStart)} <span className="text-ink-subtle">(partial)</span>
                        </>
                      ) : (
                        weekLabel(w.weekStart)
                      ),
                  },
                  { header: "Recovered", numeric: true, cell: (w) => w.recovered },
                  { header: "Churned", numeric: true, cell: (w) => w.churned },
                  { header: "Save rate", numeric: true, cell: (w) => pct(w.saveRate) },
                ]}
              />
            </div>
          </div>
        ) : (
          <div className="mt-3">
            <EmptyState title="No decided cancellations in the last 12 weeks yet">
              Recovered and churned customers appear week by week once outcomes come in.
            </EmptyState>
          </div>
        )}
      </section>
    </Card>
  );
}
