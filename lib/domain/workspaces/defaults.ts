/** The reasons every new workspace starts with (DESIGN.md §3), in display order. */
export const DEFAULT_REASONS = [
  { key: "too_expensive", label: "It's too expensive" },
  { key: "missing_features", label: "It's missing features I need" },
  { key: "not_using", label: "I'm not using it enough" },
  { key: "switching_competitor", label: "I'm switching to another product" },
  { key: "technical_issues", label: "I ran into technical issues" },
  { key: "temporary", label: "I only need a break" },
  { key: "other", label: "Something else" },
] as const;
