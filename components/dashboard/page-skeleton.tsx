import { cn } from "@/components/ui/cn";

function Bar({ className }: { className?: string }) {
  return <div className={cn("rounded-md bg-slate-200/70 motion-safe:animate-pulse", className)} />;
}

/**
 * A quiet placeholder while a dashboard page loads: the shape of a header, a toolbar and a list,
 * no spinner. Screen readers hear "Loading" once.
 */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" aria-live="polite" className="space-y-5" data-testid="page-skeleton">
      <span className="sr-only">Loading…</span>
      <div aria-hidden="true" className="space-y-2">
        <Bar className="h-7 w-48" />
        <Bar className="h-4 w-full max-w-md" />
      </div>
      <div aria-hidden="true" className="rounded-card border border-line bg-surface p-4 shadow-card">
        <div className="grid gap-3 sm:grid-cols-3">
          <Bar className="h-10" />
          <Bar className="h-10" />
          <Bar className="h-10" />
        </div>
      </div>
      <div
        aria-hidden="true"
        className="divide-y divide-line rounded-card border border-line bg-surface shadow-card"
      >
        {Array.from({ length: rows }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
          <div key={i} className="flex items-center gap-4 px-4 py-3.5">
            <Bar className="h-4 w-32" />
            <Bar className="h-4 flex-1" />
            <Bar className="hidden h-4 w-24 sm:block" />
            <Bar className="h-5 w-16 rounded-full" />
          </div>
        ))}
      </div>
    </div>
  );
}
