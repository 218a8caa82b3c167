"use client";

import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { weekLabel } from "./labels";
import { CATEGORY_COLORS, SERIES } from "./palette";
import { niceTicks } from "./scale";

/** Both charts' tooltips: a popover on the design tokens (docs/design.md). */
const TOOLTIP_STYLE = {
  borderRadius: 8,
  border: "1px solid var(--color-line)",
  boxShadow: "var(--shadow-popover)",
  fontSize: 12,
  color: "var(--color-ink)",
};

export type TrendPoint = {
  weekStart: string;
  recovered: number;
  churned: number;
  saveRate: number | null;
  /** The week has not ended yet: drawn lighter and dashed, named in the legend. */
  partial?: boolean;
};

const AXIS = { fontSize: 12, fill: "var(--color-chart-axis)" };

/** The chart's legend, in HTML: readable text (ink-muted) beside each series' swatch. */
export function TrendLegend({ partial }: { partial: boolean }) {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-caption text-ink-muted">
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: SERIES.recovered }} />
        Recovered
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: SERIES.churned }} />
        Churned
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="h-0.5 w-3.5 rounded-full" style={{ background: SERIES.rate }} />
        Save rate
      </li>
      {partial ? (
        <li className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="size-2.5 rounded-sm border border-dashed border-ink-subtle bg-ink-subtle/20"
          />
          This week so far
        </li>
      ) : null}
    </ul>
  );
}

/**
 * Weekly recovered/churned bars with the save rate as a line; an unfinished week is lighter with a
 * dashed outline (and a dashed rate segment), so a half-counted week does not read as a drop. The
 * table beside it carries the numbers for screen readers.
 */
export function TrendChart({ data }: { data: TrendPoint[] }) {
  const points = data.map((d, i) => {
    const rate = d.saveRate === null ? null : Math.round(d.saveRate * 1000) / 10;
    const nextPartial = data[i + 1]?.partial === true;
    return {
      ...d,
      label: weekLabel(d.weekStart),
      // Complete weeks on the solid line; the partial week (and the point before it) on the dashed one.
      rate: d.partial ? null : rate,
      ratePartial: d.partial || nextPartial ? rate : null,
    };
  });
  const ticks = niceTicks(Math.max(0, ...data.map((d) => d.recovered + d.churned)));
  const percentTicks = niceTicks(100, { target: 5 });
  return (
    <div className="h-64 w-full lg:h-80" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={points}
          margin={{ top: 8, right: 0, bottom: 0, left: 0 }}
          barCategoryGap="24%"
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--color-chart-grid)" vertical={false} />
          <XAxis
            dataKey="label"
            tick={AXIS}
            tickLine={false}
            axisLine={{ stroke: "var(--color-line)" }}
            interval="preserveStartEnd"
            minTickGap={12}
          />
          <YAxis
            yAxisId="n"
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? 1]}
            allowDecimals={false}
            tick={AXIS}
            tickLine={false}
            axisLine={false}
            width={36}
          />
          <YAxis
            yAxisId="p"
            orientation="right"
            ticks={percentTicks}
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={AXIS}
            tickLine={false}
            axisLine={false}
            width={40}
          />
          <Tooltip
            cursor={{ fill: "var(--color-canvas)" }}
            contentStyle={TOOLTIP_STYLE}
            labelFormatter={(label, payload) =>
              payload?.[0]?.payload?.partial ? `Week of ${label} (so far)` : `Week of ${label}`
            }
          />
          <Bar yAxisId="n" dataKey="recovered" name="Recovered" stackId="o" isAnimationActive={false}>
            {points.map((p) => (
              <Cell key={p.weekStart} {...segment(SERIES.recovered, p.partial)} />
            ))}
          </Bar>
          <Bar
            yAxisId="n"
            dataKey="churned"
            name="Churned"
            stackId="o"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          >
            {points.map((p) => (
              <Cell key={p.weekStart} {...segment(SERIES.churned, p.partial)} />
            ))}
          </Bar>
          <Line
            yAxisId="p"
            dataKey="rate"
            name="Save rate %"
            stroke={SERIES.rate}
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="p"
            dataKey="ratePartial"
            name="Save rate so far %"
            stroke={SERIES.rate}
            strokeWidth={2}
            strokeDasharray="4 3"
            dot={{ r: 2.5, fill: "var(--color-surface)", strokeWidth: 1.5 }}
            legendType="none"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

function segment(color: string, partial?: boolean) {
  return partial
    ? { fill: color, fillOpacity: 0.28, stroke: color, strokeDasharray: "3 2", strokeWidth: 1 }
    : { fill: color };
}

const LABEL_ROOM = 26; // characters: past that a label is cut with an ellipsis (full text on hover)

/** A category label on one line: never wrapped mid-phrase; too long → ellipsis, full text in <title>. */
function CategoryTick({ x, y, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  const text = String(payload?.value ?? "");
  const shown = text.length > LABEL_ROOM ? `${text.slice(0, LABEL_ROOM - 1).trimEnd()}…` : text;
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={12} fill="var(--color-ink-muted)">
      <title>{text}</title>
      {shown}
    </text>
  );
}

/** Horizontal bars for a breakdown (reasons, cohorts), one palette colour per category. */
export function BreakdownChart({
  data,
}: {
  data: { label: string; events: number; saveRatePct: number | null }[];
}) {
  const ticks = niceTicks(Math.max(0, ...data.map((d) => d.events)));
  const longest = Math.min(LABEL_ROOM, Math.max(4, ...data.map((d) => d.label.length)));
  return (
    <div className="w-full" style={{ height: Math.max(120, data.length * 34 + 28) }} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={data}
          layout="vertical"
          margin={{ top: 0, right: 12, bottom: 0, left: 0 }}
          barCategoryGap="28%"
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--color-chart-grid)" horizontal={false} />
          <XAxis
            type="number"
            ticks={ticks}
            domain={[0, ticks.at(-1) ?? 1]}
            allowDecimals={false}
            tick={AXIS}
            tickLine={false}
            axisLine={false}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={Math.round(longest * 6.6) + 12}
            tick={<CategoryTick />}
            tickLine={false}
            axisLine={{ stroke: "var(--color-line)" }}
            interval={0}
          />
          <Tooltip cursor={{ fill: "var(--color-canvas)" }} contentStyle={TOOLTIP_STYLE} />
          <Bar dataKey="events" name="Events" radius={[0, 3, 3, 0]} isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={d.label} fill={CATEGORY_COLORS[i % CATEGORY_COLORS.length]} />
            ))}
          </Bar>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
