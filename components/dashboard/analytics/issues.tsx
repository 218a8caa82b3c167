import { Card } from "@/components/ui/card";

type Issue = { id: string; kind: string; severity: string; weekStart: string; title: string };

/** What the weekly detection found (prod data only), newest first. */
export function DetectedIssues({ issues }: { issues: Issue[] }) {
  return (
    <Card className="p-4 sm:p-5">
      <h2 className="text-heading text-ink">Detected this week and before</h2>
      <p className="mt-0.5 max-w-3xl text-caption text-ink-subtle">
        Each Monday the last 7 days are compared with the 4 weeks before: save rate, reasons, offers, volume,
        webhooks, abandoned sessions. Small samples are ignored.
      </p>
      {issues.length ? (
        <ul className="mt-3 divide-y divide-line">
          {issues.map((i) => (
            <li key={i.id} className="flex items-start gap-3 py-2.5 text-body">
              <span
                className={`mt-0.5 w-16 shrink-0 rounded-md px-1.5 py-0.5 text-center text-caption font-medium capitalize ring-1 ring-inset ${i.severity === "critical" ? "bg-red-50 text-red-800 ring-red-200" : "bg-amber-50 text-amber-900 ring-amber-200"}`}
              >
                {i.severity}
              </span>
              <div>
                <p className="text-ink">{i.title}</p>
                <p className="text-caption text-ink-subtle">Week of {i.weekStart}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 flex items-center gap-2 text-body text-ink-muted">
          <span aria-hidden="true" className="size-1.5 rounded-full bg-emerald-600" />
          Nothing unusual detected.
        </p>
      )}
    </Card>
  );
}
