import { isoDay, lastDay, RANGE_PRESETS } from "@/lib/domain/analytics/range";

/** A GET form (works without JavaScript): a preset, or an exact from/to, plus optional extra filters. */
export function RangeForm({
  action,
  range,
  children,
}: {
  action: string;
  range: { from: Date; to: Date; preset: string | null };
  children?: React.ReactNode;
}) {
  return (
    <form
      method="get"
      action={action}
      className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <div>
        <label htmlFor="range" className="block text-xs font-medium text-slate-700">
          Period
        </label>
        <select
          id="range"
          name="range"
          defaultValue={range.preset ?? ""}
          className="mt-1 h-9 rounded-lg border border-slate-300 px-2 text-sm"
        >
          <option value="">Custom dates</option>
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="from" className="block text-xs font-medium text-slate-700">
          From
        </label>
        <input
          id="from"
          name="from"
          type="date"
          defaultValue={range.preset ? "" : isoDay(range.from)}
          className="mt-1 h-9 rounded-lg border border-slate-300 px-2 text-sm"
        />
      </div>
      <div>
        <label htmlFor="to" className="block text-xs font-medium text-slate-700">
          To
        </label>
        <input
          id="to"
          name="to"
          type="date"
          defaultValue={range.preset ? "" : lastDay(range.to)}
          className="mt-1 h-9 rounded-lg border border-slate-300 px-2 text-sm"
        />
      </div>
      {children}
      <button
        type="submit"
        className="h-9 rounded-lg bg-slate-900 px-4 text-sm font-medium text-white hover:bg-slate-800"
      >
        Apply
      </button>
      <p className="basis-full text-xs text-slate-500">
        {isoDay(range.from)} – {lastDay(range.to)} (UTC). Production data only: sandbox events never count
        here.
      </p>
    </form>
  );
}
