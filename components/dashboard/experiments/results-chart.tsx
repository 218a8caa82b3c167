"use client";

import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  ErrorBar,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from "recharts";
import { CATEGORY_COLORS } from "@/components/charts/palette";
import { niceTicks } from "@/components/charts/scale";

export type SaveRatePoint = {
  key: string;
  holdout: boolean;
  /** Save rate, 0–1; null while the variant has no session. */
  saveRate: number | null;
  interval: readonly [number, number] | null;
};

const AXIS = { fontSize: 12, fill: "var(--color-chart-axis)" };
// The holdout is the baseline: slate, the palette's neutral, so offers stand out against it.
const HOLDOUT_COLOR = "var(--color-chart-8)";

/** Each variant's colour: the holdout slate, offers the palette in order. */
export function variantColors(points: { holdout: boolean }[]): string[] {
  let next = 0;
  return points.map((p) =>
    p.holdout ? HOLDOUT_COLOR : CATEGORY_COLORS[next++ % (CATEGORY_COLORS.length - 1)]!,
  );
}

/**
 * Save rate per variant as bars, the 95 % interval as an error bar on each. Decorative for screen
 * readers (aria-hidden): the results table beside it has every number.
 */
export function SaveRateChart({ data }: { data: SaveRatePoint[] }) {
  const colors = variantColors(data);
  const points = data.map((d) => {
    const rate = d.saveRate === null ? null : d.saveRate * 100;
    return {
      key: d.key,
      rate,
      // ErrorBar takes the distances below and above the value.
      err:
        rate === null || !d.interval
          ? [0, 0]
          : [Math.max(0, rate - d.interval[0] * 100), Math.max(0, d.interval[1] * 100 - rate)],
    };
  });
  const ticks = niceTicks(100, { target: 5 });
  return (
    <div className="h-64 w-full" aria-hidden="true" data-testid="save-rate-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={points}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          barCategoryGap="30%"
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--color-chart-grid)" vertical={false} />
          <XAxis
            dataKey="key"
            tick={AXIS}
            tickLine={false}
            axisLine={{ stroke: "var(--color-line)" }}
            interval={0}
          />
          <YAxis
            ticks={ticks}
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={AXIS}
            tickLine={false}
            axisLine={false}
            width={44}
          />
          <Bar dataKey="rate" name="Save rate %" radius={[3, 3, 0, 0]} isAnimationActive={false}>
            {points.map((p, i) => (
              <Cell key={p.key} fill={colors[i]} />
            ))}
            <ErrorBar
              dataKey="err"
              width={10}
              strokeWidth={1.5}
              stroke="var(--color-ink)"
              isAnimationActive={false}
            />
          </Bar>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The chart's legend in HTML: each variant's swatch, and what the whiskers are. */
export function SaveRateLegend({ data }: { data: { key: string; holdout: boolean }[] }) {
  const colors = variantColors(data);
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-caption text-ink-muted">
      {data.map((d, i) => (
        <li key={d.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ background: colors[i] }} />
          {d.key}
          {d.holdout ? " (holdout)" : ""}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="h-3 w-0.5 bg-ink" />
        95 % interval
      </li>
    </ul>
  );
}
