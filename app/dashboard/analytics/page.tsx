import type { Metadata } from "next";
import Link from "next/link";
import { Breakdown } from "@/components/dashboard/analytics/breakdown";
import { TrendSection } from "@/components/dashboard/analytics/health";
import { RangeForm } from "@/components/dashboard/analytics/range-form";
import { WhyNoOffer } from "@/components/dashboard/analytics/why-no-offer";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { planHasFeature } from "@/lib/billing/plans";
import { requireWorkspace } from "@/lib/dashboard/context";
import { count, money, mrrBandLabel, pct } from "@/lib/dashboard/format";
import { analyticsPageData } from "@/lib/domain/analytics/pages";
import { isoDay, parseRange } from "@/lib/domain/analytics/range";
import { NO_OFFER_DETAIL } from "@/lib/domain/cancel-sessions/readable-timeline";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage({
  searchParams,
}: {
  searchParams: Promise<{ from?: string; to?: string; range?: string; plan?: string }>;
}) {
  const { current } = await requireWorkspace();
  if (!planHasFeature(current.plan, "advanced_analytics")) {
    return (
      <div className="max-w-2xl">
        <PageHeader title="Analytics" />
        <Card className="p-6">
          <h2 className="text-heading text-ink">Advanced analytics come with the Advanced plan</h2>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-ink-muted">
            <li>
              Save rate and share per reason, and what each offer really saves (shown, accepted, MRR saved)
            </li>
            <li>Revenue cohorts by MRR band and lifecycle cohorts by tenure</li>
            <li>Hosted flow vs custom API, trends, filters by plan, and CSV export</li>
          </ul>
          <p className="mt-3 text-sm text-ink-muted">
            Retention health stays on the overview for every plan.
          </p>
          <Link href="/dashboard/billing" className={`${buttonClasses()} mt-4`}>
            See plans
          </Link>
        </Card>
      </div>
    );
  }

  const params = await searchParams;
  const range = { ...parseRange(params), plan: params.plan || null };
  const { analytics: a, validated, trend, labels } = await analyticsPageData(current.id, range);
  const exportQuery = new URLSearchParams({ from: isoDay(range.from), to: isoDay(range.to) });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Analytics"
        description="Why customers leave, which offers work, and for whom."
        actions={
          <a
            href={`/dashboard/analytics/export?${exportQuery}`}
            className={buttonClasses({ variant: "secondary" })}
            download
          >
            Export CSV
          </a>
        }
      />
      <RangeForm action="/dashboard/analytics" range={range}>
        <div>
          <label htmlFor="plan" className="block text-caption font-medium text-ink-subtle">
            Customer plan
          </label>
          <select
            id="plan"
            name="plan"
            defaultValue={range.plan ?? ""}
            className="select-chevron mt-0.5 h-8 rounded-control border border-line-control bg-surface pl-2 text-body text-ink"
          >
            <option value="">All plans</option>
            {a.plans.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </RangeForm>
      <p className="text-sm text-ink-muted">
        {count(a.health.events)} cancellations · save rate {pct(a.health.saveRate)} · validated save rate{" "}
        {pct(validated.rate)} (saves that lasted 30 days, over events 30+ days old) · MRR saved{" "}
        {money(a.health.mrrSaved, current.currency)} · MRR lost {money(a.health.mrrLost, current.currency)}
      </p>
      <Breakdown currency={current.currency} title="Reasons" rows={a.reasons} label={(k) => labels[k] ?? k} />
      <Card className="p-4 sm:p-5">
        <h2 className="text-heading text-ink">Offers</h2>
        {a.offers.length ? (
          <div className="mt-3 overflow-x-auto">
            <DataTable
              caption="Offers: shown, accepted, acceptance and save rates, MRR saved"
              rows={a.offers}
              rowKey={(o) => `${o.type}-${o.label}`}
              columns={[
                {
                  header: "Offer",
                  cell: (o) => (
                    <>
                      {o.label || "(no label)"} <span className="text-ink-subtle">· {o.type}</span>
                    </>
                  ),
                },
                { header: "Shown", numeric: true, cell: (o) => count(o.shown) },
                { header: "Accepted", numeric: true, cell: (o) => count(o.accepted) },
                { header: "Acceptance", numeric: true, cell: (o) => pct(o.acceptanceRate) },
                { header: "Save rate", numeric: true, cell: (o) => pct(o.saveRate) },
                { header: "MRR saved", numeric: true, cell: (o) => money(o.mrrSaved, current.currency) },
              ]}
            />
          </div>
        ) : (
          <p className="mt-3 text-sm text-ink-muted">No offers were shown in this period.</p>
        )}
      </Card>
      <WhyNoOffer data={a.noOffer} detail={NO_OFFER_DETAIL} />
      <div className="grid gap-6 2xl:grid-cols-2">
        <Breakdown
          currency={current.currency}
          title="Revenue cohorts (MRR)"
          description="Monthly recurring revenue sent in context.mrr"
          rows={a.mrrCohorts}
          label={(k) => mrrBandLabel(k, current.currency)}
        />
        <Breakdown
          currency={current.currency}
          title="Lifecycle cohorts (tenure)"
          description="Customer tenure sent in context.tenureDays"
          rows={a.tenureCohorts}
        />
      </div>
      <Breakdown
        currency={current.currency}
        title="Source"
        description="Hosted flow vs your own UI through the custom API"
        rows={a.sources}
        label={(k) => (k === "hosted" ? "Hosted flow" : "Custom API")}
      />
      <TrendSection trend={trend} />
    </div>
  );
}
