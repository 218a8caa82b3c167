// Compliance records for a date range (Advanced): one per session created in [from, to), as JSON
// lines or CSV, streamed in keyset pages on (createdAt, id) so an export never holds more than one
// page in memory. The API and the dashboard's download both call exportComplianceRecords.
import { issuesError } from "@/lib/api/errors";
import { type CsvValue, csvRow } from "@/lib/csv";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { type ComplianceRecord, complianceRecord, complianceSelect } from "./record";
import { COMPLIANCE_EXPORT_MAX_DAYS, type ComplianceExportFormat } from "./schema";

export const COMPLIANCE_EXPORT_PAGE_SIZE = 500;
const DAY_MS = 86_400_000;

export type ComplianceExportRange = { from: Date; to: Date };

/**
 * The range an export covers: `to` defaults to `now`; `from` must be before `to`, and the two at
 * most COMPLIANCE_EXPORT_MAX_DAYS apart. Wrong: the API's 400 naming the field.
 */
export function complianceExportRange(q: { from: string; to?: string }, now: Date): ComplianceExportRange {
  const from = new Date(q.from);
  const to = q.to ? new Date(q.to) : now;
  if (!(from < to)) {
    throw issuesError(
      [
        {
          path: ["from"],
          message: q.to ? "from must be before to" : "from must be before to (now, when to is not given)",
        },
      ],
      "query",
    );
  }
  if (to.getTime() - from.getTime() > COMPLIANCE_EXPORT_MAX_DAYS * DAY_MS) {
    throw issuesError(
      [
        {
          path: ["to"],
          message: `the range may span at most ${COMPLIANCE_EXPORT_MAX_DAYS} days: export longer periods in parts`,
        },
      ],
      "query",
    );
  }
  return { from, to };
}

export const COMPLIANCE_CSV_COLUMNS = [
  "sessionId",
  "environment",
  "createdAt",
  "jurisdiction",
  "mode",
  "locale",
  "intent",
  "pageCount",
  "pages",
  "clicksToConfirmation",
  "confirmedAt",
  "outcome",
  "offerShown",
  "noOfferReason",
  "receiptId",
  "receiptCreatedAt",
  "receiptEmailed",
  "receiptEmailedAt",
  "receiptMessageId",
  "resultTokenIssued",
  "resultTokenIssuedAt",
] as const;

/** One record flattened for a spreadsheet; `pages` stays the record's array, as compact JSON. */
export function complianceCsvLine(r: ComplianceRecord): string {
  const values: Record<(typeof COMPLIANCE_CSV_COLUMNS)[number], CsvValue> = {
    sessionId: r.sessionId,
    environment: r.environment,
    createdAt: r.createdAt,
    jurisdiction: r.jurisdiction,
    mode: r.mode,
    locale: r.locale,
    intent: r.intent,
    pageCount: r.pages.length,
    pages: JSON.stringify(r.pages),
    clicksToConfirmation: r.clicksToConfirmation,
    confirmedAt: r.confirmedAt,
    outcome: r.outcome,
    offerShown: r.offer.shown,
    noOfferReason: r.offer.noOfferReason,
    receiptId: r.receipt?.id,
    receiptCreatedAt: r.receipt?.createdAt,
    receiptEmailed: r.receipt ? r.receipt.emailed : null,
    receiptEmailedAt: r.receipt?.emailedAt,
    receiptMessageId: r.receipt?.messageId,
    resultTokenIssued: r.resultToken.issued,
    resultTokenIssuedAt: r.resultToken.issuedAt,
  };
  return csvRow(COMPLIANCE_CSV_COLUMNS.map((c) => values[c]));
}

type Position = { at: Date; id: string };

function page(
  workspaceId: string,
  environment: "prod" | "sandbox",
  range: ComplianceExportRange,
  after?: Position,
) {
  return db.cancelSession.findMany({
    where: {
      workspaceId,
      environment,
      createdAt: { gte: range.from, lt: range.to },
      ...(after
        ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: COMPLIANCE_EXPORT_PAGE_SIZE,
    select: complianceSelect,
  });
}

export const COMPLIANCE_CONTENT_TYPES: Record<ComplianceExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/**
 * The records of the workspace's sessions created in `range`, oldest first, as a byte stream:
 * each pull writes one page and reads the next, so a client that stops reading stops the reads.
 * The first page is read before the stream is returned, so a failing database is an error response.
 */
export async function exportComplianceRecords(
  workspaceId: string,
  options: { environment: "prod" | "sandbox"; format: ComplianceExportFormat; range: ComplianceExportRange },
): Promise<ReadableStream<Uint8Array>> {
  const { environment, format, range } = options;
  const encoder = new TextEncoder();
  const encode = format === "csv" ? complianceCsvLine : (r: ComplianceRecord) => `${JSON.stringify(r)}\n`;
  let pending: Awaited<ReturnType<typeof page>> | null = await page(workspaceId, environment, range);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvRow(COMPLIANCE_CSV_COLUMNS)));
    },
    async pull(controller) {
      try {
        const rows = pending ?? [];
        pending = null;
        if (rows.length) {
          controller.enqueue(
            encoder.encode(rows.map(({ receipt, ...s }) => encode(complianceRecord(s, receipt))).join("")),
          );
        }
        const last = rows.at(-1);
        if (rows.length < COMPLIANCE_EXPORT_PAGE_SIZE || !last) {
          controller.close();
          return;
        }
        pending = await page(workspaceId, environment, range, { at: last.createdAt, id: last.id });
      } catch (err) {
        logger.error({ err, workspaceId }, "compliance export failed mid-stream");
        controller.error(err);
      }
    },
  });
}

/** `retentbase-compliance-prod-2026-11-01-to-2026-11-30.csv`: the first and last day in the range (UTC). */
export function complianceExportFilename(
  environment: string,
  range: ComplianceExportRange,
  format: ComplianceExportFormat,
): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const lastDay = day(new Date(range.to.getTime() - 1));
  return `retentbase-compliance-${environment}-${day(range.from)}-to-${lastDay}.${format}`;
}

/** The whole download as a Response: headers for an attachment, never cached. */
export async function complianceExportResponse(
  workspaceId: string,
  options: { environment: "prod" | "sandbox"; format: ComplianceExportFormat; range: ComplianceExportRange },
): Promise<Response> {
  const stream = await exportComplianceRecords(workspaceId, options);
  const filename = complianceExportFilename(options.environment, options.range, options.format);
  return new Response(stream, {
    headers: {
      "content-type": COMPLIANCE_CONTENT_TYPES[options.format],
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}
