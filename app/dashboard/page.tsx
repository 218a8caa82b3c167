import type { Metadata } from "next";
import Link from "next/link";
import { HealthSummary, TrendSection } from "@/components/dashboard/analytics/health";
import { DetectedIssues } from "@/components/dashboard/analytics/issues";
import { RangeForm } from "@/components/dashboard/analytics/range-form";
import { PageHeader } from "@/components/dashboard/page-header";
import { Badge } from "@/components/ui/badge";
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
        description={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Badge tone={current.plan === "advanced" ? "brand" : "neutral"}>
              {current.plan === "advanced" ? "Advanced" : "Core"} plan
            </Badge>
            <span>
              Workspace key <code className="font-mono text-caption text-ink">{current.workspaceKey}</code>
            </span>
          </span>
        }
      />
      {remaining && !current.isDemo ? (
        <Card className="p-4 sm:p-5">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-heading text-ink">Get to a working integration</h2>
            <p className="text-caption text-ink-subtle">
              {steps.length - remaining} of {steps.length} done · each step takes a minute
            </p>
          </div>
          <div className="mt-2 h-1 rounded-full bg-canvas" aria-hidden="true">
            <div
              className="h-1 rounded-full bg-brand-600"
              style={{ width: `${Math.round(((steps.length - remaining) / steps.length) * 100)}%` }}
            />
          </div>
          <ol className="mt-3 grid gap-x-6 gap-y-1 sm:grid-cols-2">
            {steps.map((s) => (
              <li key={s.key} className="flex items-center gap-2.5 py-1 text-body">
                <span
                  aria-hidden="true"
                  className={`flex size-4.5 shrink-0 items-center justify-center rounded-full text-[0.625rem] ${s.done ? "bg-emerald-600 text-white" : "border border-line-control"}`}
                >
                  {s.done ? "✓" : ""}
                </span>
                <span className="sr-only">{s.done ? "Done:" : "To do:"}</span>
                {s.done ? (
                  <span className="text-ink-subtle line-through">{s.label}</span>
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
