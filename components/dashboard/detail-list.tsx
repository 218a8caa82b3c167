import type { ReactNode } from "react";

/** Label/value pairs: two columns on wide screens, stacked on phones. */
export function DetailList({ items }: { items: Array<{ label: string; value: ReactNode } | null | false> }) {
  return (
    <dl className="divide-y divide-slate-100">
      {items.filter(Boolean).map((item) =>
        item ? (
          <div key={item.label} className="grid gap-1 py-2.5 sm:grid-cols-3 sm:gap-4">
            <dt className="text-sm font-medium text-slate-600">{item.label}</dt>
            <dd className="min-w-0 text-sm break-words text-slate-900 sm:col-span-2">{item.value}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

/** A value that is not there, said in words rather than left blank. */
export function None({ children = "Not set" }: { children?: ReactNode }) {
  return <span className="text-slate-500">{children}</span>;
}
