// The chart palette (app/globals.css `@theme`, docs/design.md): CSS variables, so the tokens stay
// the one place a colour is defined.

export const SERIES = {
  recovered: "var(--color-chart-recovered)",
  churned: "var(--color-chart-churned)",
  rate: "var(--color-chart-rate)",
} as const;

/** Categories (reasons, cohorts) take these in order; a ninth wraps around. */
export const CATEGORY_COLORS = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `var(--color-chart-${n})`);

/** The colour a breakdown's row `index` has in its chart (for the swatch beside the table row). */
export const categoryColor = (index: number) => CATEGORY_COLORS[index % CATEGORY_COLORS.length]!;
