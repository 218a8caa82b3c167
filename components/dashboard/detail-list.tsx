import type { ReactNode } from "react";

/** Label/value pairs: two columns on wide screens, stacked on phones. */
export function DetailList({ items }: { items: Array<{ label: string; value: ReactNode } | null | false> }) {
  return (
    <dl className="divide-y divide-line">
      {items.filter(Boolean).map((item) =>
        item ? (
          <div key={item.label} className="grid gap-0.5 py-2 sm:grid-cols-3 sm:gap-4">
            <dt className="text-body text-ink-subtle">{item.label}</dt>
            <dd className="min-w-0 text-body break-words text-ink sm:col-span-2">{item.value}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

/** A value that is not there, said in words rather than left blank. */
export function None({ children = "Not set" }: { children?: ReactNode }) {
  return <span className="text-ink-subtle">{children}</span>;
}
