import Link from "next/link";
import { DeliveryStatusBadge } from "@/components/dashboard/status-badges";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/dashboard/format";
import type { WebhookDeliveryResource } from "@/lib/webhooks/schema";

function when(d: WebhookDeliveryResource, timeZone: string) {
  if (d.deliveredAt) return `Delivered ${formatDateTime(d.deliveredAt, timeZone)}`;
  if (d.status === "dead") return "No more retries";
  if (d.nextAttemptAt) return `Next try ${formatDateTime(d.nextAttemptAt, timeZone)}`;
  return "—";
}

/** The webhook deliveries something caused: one row per event × endpoint. */
export function DeliveriesTable({
  deliveries,
  caption,
  timeZone,
}: {
  deliveries: WebhookDeliveryResource[];
  caption: string;
  /** The workspace's: times are shown in it. */
  timeZone: string;
}) {
  if (!deliveries.length) {
    return (
      <EmptyState title="No webhook deliveries">
        Nothing was sent: this workspace had no enabled webhook endpoint for these events.{" "}
        <Link href="/dashboard/settings/webhooks" className="font-medium text-brand-700 underline">
          Manage webhook endpoints
        </Link>
      </EmptyState>
    );
  }
  return (
    <Table caption={caption} minWidth="min-w-[46rem]">
      <THead>
        <Th>Event</Th>
        <Th>Endpoint</Th>
        <Th>Status</Th>
        <Th className="text-right">Attempts</Th>
        <Th className="text-right">Last status code</Th>
        <Th>Delivery</Th>
      </THead>
      <TBody>
        {deliveries.map((d) => (
          <tr key={d.id}>
            <Td>
              <span className="font-medium text-ink">{d.event.type}</span>
              <span className="block font-mono text-xs text-ink-subtle">{d.event.id}</span>
            </Td>
            <Td className="max-w-64 min-w-44 font-mono text-xs break-all">{d.endpoint.url}</Td>
            <Td>
              <DeliveryStatusBadge status={d.status} />
              {d.lastError && d.status !== "succeeded" ? (
                <span className="mt-1 block max-w-56 text-xs text-ink-subtle">{d.lastError}</span>
              ) : null}
            </Td>
            <Td className="text-right tabular-nums">{d.attemptCount}</Td>
            <Td className="text-right font-mono tabular-nums">{d.lastStatusCode ?? "—"}</Td>
            <Td className="text-xs whitespace-nowrap text-ink-muted">{when(d, timeZone)}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
