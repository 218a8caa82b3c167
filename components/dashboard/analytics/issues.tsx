import { Card } from "@/components/ui/card";

type Issue = { id: string; kind: string; severity: string; weekStart: string; title: string };

/** What the weekly detection found (prod data only), newest first. */
export function DetectedIssues({ issues }: { issues: Issue[] }) {
  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-slate-900">Detected this week and before</h2>
      <p className="mt-0.5 text-xs text-slate-500">
        Each Monday the last 7 days are compared with the 4 weeks before: save rate, reasons, offers, volume,
        webhooks, abandoned sessions. Small samples are ignored.
      </p>
      {issues.length ? (
        <ul className="mt-3 divide-y divide-slate-100">
          {issues.map((i) => (
            <li key={i.id} className="flex items-start gap-3 py-2 text-sm">
              <span
                className={`mt-0.5 rounded px-1.5 py-0.5 text-xs font-medium ${i.severity === "critical" ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900"}`}
              >
                {i.severity}
              </span>
              <div>
                <p className="text-slate-900">{i.title}</p>
                <p className="text-xs text-slate-500">Week of {i.weekStart}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-600">Nothing unusual detected.</p>
      )}
    </Card>
  );
}
