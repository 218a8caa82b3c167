import Link from "next/link";
import { OutcomeBadge, offerSummary, SourceBadge } from "@/components/dashboard/status-badges";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { formatAmount, formatDateTime } from "@/lib/dashboard/format";
import type { DashboardEventRow } from "@/lib/domain/cancellations/dashboard-events";

const detailHref = (e: DashboardEventRow) => `/dashboard/events/${encodeURIComponent(e.id)}`;

/** In the table a long id is cut to one line (the full one is in its title and on the detail page). */
function Customer({ userId, oneLine }: { userId: string | null; oneLine?: boolean }) {
  if (!userId) return <span className="text-ink-subtle">Anonymous</span>;
  return oneLine ? (
    <span className="block max-w-56 truncate font-mono text-xs text-ink" title={userId}>
      {userId}
    </span>
  ) : (
    <span className="font-mono text-xs break-all text-ink">{userId}</span>
  );
}

// Rows link with prefetch off: a page of 25 rows would otherwise fetch 25 detail pages up front.

/** Events as a table on wide screens and as a list of cards on phones (one of the two is shown). */
export function EventsList({
  events,
  caption,
  timeZone,
  currency,
}: {
  events: DashboardEventRow[];
  caption: string;
  /** The workspace's: times are shown in it. */
  timeZone: string;
  /** ISO 4217 code amounts are shown in. */
  currency: string;
}) {
  return (
    <>
      <div className="hidden md:block">
        <Table caption={caption} minWidth="min-w-[52rem]">
          <THead>
            <Th>When</Th>
            <Th>User</Th>
            <Th>Reason</Th>
            <Th>Offer</Th>
            <Th>Outcome</Th>
            <Th className="text-right">MRR</Th>
            <Th>Source</Th>
          </THead>
          <TBody>
            {events.map((e) => (
              <tr key={e.id} className="hover:bg-surface-muted">
                <Td className="whitespace-nowrap">
                  <Link
                    prefetch={false}
                    href={detailHref(e)}
                    aria-label={`Event from ${formatDateTime(e.occurredAt, timeZone)}`}
                    className="font-medium text-brand-700 underline-offset-4 hover:underline"
                  >
                    <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, timeZone)}</time>
                  </Link>
                </Td>
                <Td>
                  <Customer userId={e.userId} oneLine />
                </Td>
                <Td>{e.reasonLabel}</Td>
                <Td className="max-w-56">{offerSummary(e.offer)}</Td>
                <Td>
                  <OutcomeBadge outcome={e.outcome} />
                </Td>
                <Td className="text-right tabular-nums">{formatAmount(e.mrr, currency)}</Td>
                <Td>
                  <SourceBadge source={e.source} />
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
      <ul className="space-y-3 md:hidden" aria-label={caption}>
        {events.map((e) => (
          <li key={e.id} className="rounded-card border border-line bg-surface p-4 shadow-card">
            <div className="flex items-start justify-between gap-3">
              <Link
                prefetch={false}
                href={detailHref(e)}
                aria-label={`Event from ${formatDateTime(e.occurredAt, timeZone)}`}
                className="min-w-0 font-medium text-brand-700 underline underline-offset-4"
              >
                <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, timeZone)}</time>
              </Link>
              <OutcomeBadge outcome={e.outcome} />
            </div>
            <p className="mt-2 text-sm text-ink">{e.reasonLabel}</p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs text-ink-muted">
              <dt>User</dt>
              <dd className="min-w-0">
                <Customer userId={e.userId} />
              </dd>
              <dt>Offer</dt>
              <dd>{offerSummary(e.offer)}</dd>
              <dt>MRR</dt>
              <dd className="tabular-nums">{formatAmount(e.mrr, currency)}</dd>
              <dt>Source</dt>
              <dd>
                <SourceBadge source={e.source} />
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
