export const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
export const money = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 0 });
export const count = (v: number) => v.toLocaleString("en-US");
