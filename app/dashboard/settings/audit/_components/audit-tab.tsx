import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/dashboard/format";
import type { JsonValue } from "@/lib/db-types";
import { listAuditLog } from "@/lib/domain/audit";

const SHOWN = 100;

/** `{"role":"admin"}` → `role: admin`; long values cut, so a row stays one glance. */
function describeDetails(details: JsonValue): string {
  if (!details || typeof details !== "object" || Array.isArray(details)) return "";
  return Object.entries(details)
    .map(([k, v]) => {
      const text = typeof v === "string" ? v : JSON.stringify(v);
      return `${k}: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
    })
    .join(", ");
}

export async function AuditTab({ workspaceId, timeZone }: { workspaceId: string; timeZone: string }) {
  const entries = await listAuditLog(workspaceId, SHOWN);
  return (
    <Card className="p-6">
      <h2 className="text-base font-semibold text-slate-900">Audit log</h2>
      <p className="mt-1 text-sm text-slate-600">
        The {SHOWN} most recent sensitive changes: keys, secrets, webhooks, members and settings. Secrets
        themselves are never recorded.
      </p>
      {entries.length ? (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  When
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Who
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Action
                </th>
                <th scope="col" className="py-2 font-medium">
                  Target
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => {
                const details = describeDetails(e.details);
                return (
                  <tr key={e.id} className="align-top" data-testid="audit-entry">
                    <td className="py-2.5 pr-4 whitespace-nowrap text-slate-600">
                      <time dateTime={e.createdAt.toISOString()}>
                        {formatDateTime(e.createdAt, timeZone)}
                      </time>
                    </td>
                    <td className="py-2.5 pr-4 break-words text-slate-900">{e.who}</td>
                    <td className="py-2.5 pr-4">
                      <code className="text-slate-900">{e.action}</code>
                    </td>
                    <td className="py-2.5 text-slate-700">
                      <span className="break-words">{e.target ?? "—"}</span>
                      {details ? (
                        <span className="mt-0.5 block text-xs break-all text-slate-500">{details}</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="mt-4">
          <EmptyState title="Nothing recorded yet">
            Changes to keys, webhooks, members and settings show here, with who made them.
          </EmptyState>
        </div>
      )}
    </Card>
  );
}
