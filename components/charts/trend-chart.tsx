"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type TrendPoint = { weekStart: string; recovered: number; churned: number; saveRate: number | null };

/** Weekly recovered/churned bars with the save rate as a line. The table beside it carries the numbers for screen readers. */
export function TrendChart({ data }: { data: TrendPoint[] }) {
  const points = data.map((d) => ({
    ...d,
    saveRatePct: d.saveRate === null ? null : Math.round(d.saveRate * 1000) / 10,
  }));
  return (
    <div className="h-64 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={points}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis
            dataKey="weekStart"
            tickFormatter={(v: string) => v.slice(5)}
            fontSize={12}
            stroke="#64748b"
          />
          <YAxis yAxisId="n" allowDecimals={false} fontSize={12} stroke="#64748b" />
          <YAxis yAxisId="p" orientation="right" domain={[0, 100]} unit="%" fontSize={12} stroke="#64748b" />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="n"
            dataKey="recovered"
            name="Recovered"
            stackId="o"
            fill="#059669"
            isAnimationActive={false}
          />
          <Bar
            yAxisId="n"
            dataKey="churned"
            name="Churned"
            stackId="o"
            fill="#cbd5e1"
            isAnimationActive={false}
          />
          <Line
            yAxisId="p"
            dataKey="saveRatePct"
            name="Save rate %"
            stroke="#4f46e5"
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Horizontal bars for a breakdown (reasons, cohorts). */
export function BreakdownChart({
  data,
}: {
  data: { label: string; events: number; saveRatePct: number | null }[];
}) {
  return (
    <div className="w-full" style={{ height: Math.max(120, data.length * 36) }} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={data}
          layout="vertical"
          margin={{ top: 0, right: 16, bottom: 0, left: 8 }}
          accessibilityLayer={false}
        >
          <XAxis type="number" allowDecimals={false} fontSize={12} stroke="#64748b" />
          <YAxis type="category" dataKey="label" width={150} fontSize={12} stroke="#64748b" />
          <Tooltip />
          <Bar
            dataKey="events"
            name="Events"
            fill="#6366f1"
            radius={[0, 4, 4, 0]}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
