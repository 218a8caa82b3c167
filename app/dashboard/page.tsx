import type { Metadata } from "next";
import Link from "next/link";
import { HealthSummary, TrendSection } from "@/components/dashboard/analytics/health";
import { DetectedIssues } from "@/components/dashboard/analytics/issues";
import { RangeForm } from "@/components/dashboard/analytics/range-form";
import { PageHeader } from "@/components/dashboard/page-header";
import { Card } from "@/components/ui/card";
import { requireWorkspace } from "@/lib/dashboard/context";
import { overviewPageData } from "@/lib/domain/analytics/pages";
import { parseRange } from "@/lib/domain/analytics/range";

export const metadata: Metadata = { title: "Overview" };

export default async function Overview({
  searchParams,
}: {
  searchParams: Promise<{ from?: string; to?: string; range?: string }>;
}) {
  const { current } = await requireWorkspace();
  const range = parseRange(await searchParams);
  const { steps, health, trend, labels, issues } = await overviewPageData(current.id, range);
  const remaining = steps.filter((s) => !s.done).length;

  return (
    <div className="space-y-6">
      <PageHeader
        title={current.name}
        description={`Workspace key ${current.workspaceKey} · ${current.plan === "advanced" ? "Advanced" : "Core"} plan`}
      />
      {remaining && !current.isDemo ? (
        <Card className="p-6">
          <h2 className="text-base font-semibold text-slate-900">Get to a working integration</h2>
          <p className="mt-1 text-sm text-slate-600">
            {remaining} of {steps.length} steps left. Each takes a minute.
          </p>
          <ol className="mt-4 space-y-2">
            {steps.map((s) => (
              <li key={s.key} className="flex items-center gap-3 text-sm">
                <span
                  aria-hidden="true"
                  className={`flex h-5 w-5 items-center justify-center rounded-full text-xs ${s.done ? "bg-emerald-600 text-white" : "border border-slate-300"}`}
                >
                  {s.done ? "✓" : ""}
                </span>
                <span className="sr-only">{s.done ? "Done:" : "To do:"}</span>
                {s.done ? (
                  <span className="text-slate-500 line-through">{s.label}</span>
                ) : (
                  <Link
                    href={s.href}
                    className="font-medium text-brand-700 underline-offset-4 hover:underline"
                  >
                    {s.label}
                  </Link>
                )}
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      <RangeForm action="/dashboard" range={range} />
      <HealthSummary health={health} labels={labels} currency={current.currency} />
      <TrendSection trend={trend} />
      <DetectedIssues issues={issues} />
    </div>
  );
}
