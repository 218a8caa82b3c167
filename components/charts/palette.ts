// The chart palette (app/globals.css `@theme`, docs/design.md): CSS variables, so the tokens stay
// the one place a colour is defined.

export const SERIES = {
  recovered: "var(--color-chart-recovered)",
  churned: "var(--color-chart-churned)",
  rate: "var(--color-chart-rate)",
} as const;

/**
 * Categories (reasons, cohorts) take these in order; a ninth wraps around. Spelled out: Tailwind
 * emits a theme variable only when the source names it, and a built string would not.
 */
export const CATEGORY_COLORS = [
  "var(--color-chart-1)",
  "var(--color-chart-2)",
  "var(--color-chart-3)",
  "var(--color-chart-4)",
  "var(--color-chart-5)",
  "var(--color-chart-6)",
  "var(--color-chart-7)",
  "var(--color-chart-8)",
];

/** The colour a breakdown's row `index` has in its chart (for the swatch beside the table row). */
export const categoryColor = (index: number) => CATEGORY_COLORS[index % CATEGORY_COLORS.length]!;
