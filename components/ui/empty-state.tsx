import type { ReactNode } from "react";

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="rounded-card border border-dashed border-line-control/60 bg-surface-muted px-6 py-10 text-center">
      <h3 className="text-heading text-ink">{title}</h3>
      {children ? <div className="mx-auto mt-1 max-w-md text-body text-ink-muted">{children}</div> : null}
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  );
}
