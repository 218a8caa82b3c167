import Link from "next/link";
import {
  OutcomeBadge,
  offerSummary,
  SandboxBadge,
  SessionStatusBadge,
} from "@/components/dashboard/status-badges";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/dashboard/format";
import type { CancelSessionRow } from "@/lib/domain/cancel-sessions/list-sessions";

function Outcome({ s }: { s: CancelSessionRow }) {
  if (s.outcome) return <OutcomeBadge outcome={s.outcome} />;
  return <span className="text-slate-500">{s.status === "expired" ? "None" : "Not yet"}</span>;
}

/** Sessions as a table on wide screens and as cards on phones (one of the two is shown). */
export function SessionsList({
  sessions,
  caption,
  timeZone,
}: {
  sessions: CancelSessionRow[];
  caption: string;
  /** The workspace's: times are shown in it. */
  timeZone: string;
}) {
  return (
    <>
      <div className="hidden md:block">
        <Table caption={caption} minWidth="min-w-[52rem]">
          <THead>
            <Th>Created</Th>
            <Th>Status</Th>
            <Th>User</Th>
            <Th>Reason</Th>
            <Th>Offer</Th>
            <Th>Outcome</Th>
          </THead>
          <TBody>
            {sessions.map((s) => (
              <tr key={s.id} className="hover:bg-slate-50">
                <Td className="whitespace-nowrap">
                  <Link
                    prefetch={false}
                    href={`/dashboard/sessions/${s.id}`}
                    aria-label={`Session created ${formatDateTime(s.createdAt, timeZone)}`}
                    className="font-medium text-brand-700 underline-offset-4 hover:underline"
                  >
                    <time dateTime={s.createdAt}>{formatDateTime(s.createdAt, timeZone)}</time>
                  </Link>
                </Td>
                <Td>
                  <span className="flex flex-wrap gap-1">
                    <SessionStatusBadge status={s.status} />
                    <SandboxBadge environment={s.environment} />
                  </span>
                </Td>
                <Td>
                  <span className="block max-w-56 truncate font-mono text-xs text-slate-900" title={s.userId}>
                    {s.userId}
                  </span>
                </Td>
                <Td>{s.reason ? s.reason.label : <span className="text-slate-500">Not chosen</span>}</Td>
                <Td className="max-w-56">
                  {s.offer ? offerSummary(s.offer) : <span className="text-slate-500">None</span>}
                </Td>
                <Td>
                  <Outcome s={s} />
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="space-y-3 md:hidden" aria-label={caption}>
        {sessions.map((s) => (
          <li key={s.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex items-start justify-between gap-3">
              <Link
                prefetch={false}
                href={`/dashboard/sessions/${s.id}`}
                aria-label={`Session created ${formatDateTime(s.createdAt, timeZone)}`}
                className="min-w-0 font-medium text-brand-700 underline underline-offset-4"
              >
                <time dateTime={s.createdAt}>{formatDateTime(s.createdAt, timeZone)}</time>
              </Link>
              <span className="flex shrink-0 flex-wrap justify-end gap-1">
                <SessionStatusBadge status={s.status} />
                <SandboxBadge environment={s.environment} />
              </span>
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-slate-600">
              <dt>User</dt>
              <dd className="min-w-0 font-mono break-all text-slate-900">{s.userId}</dd>
              <dt>Reason</dt>
              <dd>{s.reason ? s.reason.label : "Not chosen"}</dd>
              <dt>Offer</dt>
              <dd>{s.offer ? offerSummary(s.offer) : "None"}</dd>
              <dt>Outcome</dt>
              <dd>
                <Outcome s={s} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
