// CSV export of a workspace's cancellation events (Advanced), streamed in keyset pages so that no
// export ever holds more than one page in memory, whatever the size of the table.
import { type CsvValue, csvRow } from "@/lib/csv";
import { db } from "@/lib/db";
import type { KeysetPosition } from "@/lib/domain/keyset-cursor";
import { logger } from "@/lib/logger";
import { reasonLabel, reasonLabels } from "./dashboard-events";
import { type CancellationFilters, cancellationsOrder, cancellationsWhere } from "./read-cancellations";

export const EXPORT_PAGE_SIZE = 1_000;

const COLUMNS = [
  "id",
  "eventId",
  "environment",
  "source",
  "occurredAt",
  "userId",
  "reasonKey",
  "reasonLabel",
  "reasonText",
  "outcome",
  "outcomeEffectiveAt",
  "offerType",
  "offerLabel",
  "offerAccepted",
  "offerTerms",
  "noOfferReason",
  "experimentId",
  "variant",
  "saveBrokenAt",
  "plan",
  "mrr",
  "currency",
  "tenureDays",
  "metadata",
  "createdAt",
  "updatedAt",
] as const;

const select = {
  id: true,
  eventId: true,
  environment: true,
  source: true,
  occurredAt: true,
  userId: true,
  reasonKey: true,
  reasonText: true,
  outcome: true,
  outcomeEffectiveAt: true,
  offerType: true,
  offerLabel: true,
  offerAccepted: true,
  offerTerms: true,
  noOfferReason: true,
  experimentId: true,
  variant: true,
  saveBrokenAt: true,
  plan: true,
  mrr: true,
  tenureDays: true,
  metadata: true,
  createdAt: true,
  updatedAt: true,
} as const;

async function page(workspaceId: string, filters: CancellationFilters, after?: KeysetPosition) {
  return db.cancellationEvent.findMany({
    where: cancellationsWhere(workspaceId, filters, after),
    orderBy: [...cancellationsOrder],
    take: EXPORT_PAGE_SIZE,
    select,
  });
}

type Row = Awaited<ReturnType<typeof page>>[number];

function line(e: Row, labels: Map<string, string>, currency: string): string {
  const values: Record<(typeof COLUMNS)[number], CsvValue> = {
    ...e,
    occurredAt: e.occurredAt.toISOString(),
    reasonLabel: reasonLabel(labels, e.reasonKey),
    outcome: e.outcome ?? "pending",
    outcomeEffectiveAt: e.outcomeEffectiveAt?.toISOString(),
    // The structured terms as JSON (empty when none were given), as the API's offer.terms.
    offerTerms: e.offerTerms === null ? null : JSON.stringify(e.offerTerms),
    saveBrokenAt: e.saveBrokenAt?.toISOString(),
    // Exact, as stored: no float rounding of the Decimal.
    mrr: e.mrr?.toString(),
    // The workspace's (Settings → General): the amount stays a plain number a spreadsheet can sum.
    currency: e.mrr === null ? null : currency,
    metadata: JSON.stringify(e.metadata ?? {}),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
  return csvRow(COLUMNS.map((c) => values[c]));
}

/**
 * The events matching `filters`, newest first, as a CSV byte stream: each pull writes one page and
 * reads the next, so a client that stops reading (or goes away) stops the reads too. The first page
 * is read before the stream is returned, so a failing database is still an error response.
 */
export async function exportCancellationsCsv(
  workspaceId: string,
  filters: CancellationFilters,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const [labels, first, { currency }] = await Promise.all([
    reasonLabels(workspaceId),
    page(workspaceId, filters),
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { currency: true } }),
  ]);
  let pending: Row[] | null = first;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(COLUMNS)));
    },
    async pull(controller) {
      try {
        const rows = pending ?? [];
        pending = null;
        if (rows.length)
          controller.enqueue(encoder.encode(rows.map((e) => line(e, labels, currency)).join("")));
        const last = rows.at(-1);
        if (rows.length < EXPORT_PAGE_SIZE || !last) {
          controller.close();
          return;
        }
        pending = await page(workspaceId, filters, { at: last.occurredAt, id: last.id });
      } catch (err) {
        logger.error({ err, workspaceId }, "CSV export failed mid-stream");
        controller.error(err);
      }
    },
  });
}

/** `retentbase-cancellations-prod-2026-11-27.csv` */
export function exportFilename(environment: string, now = new Date()): string {
  return `retentbase-cancellations-${environment}-${now.toISOString().slice(0, 10)}.csv`;
}
