import { z } from "zod";
import { environmentSchema, rangeFrom, rangeTo } from "@/lib/domain/shared-schemas";

/** The longest range one export may span: a year, leap day included. */
export const COMPLIANCE_EXPORT_MAX_DAYS = 366;

export const COMPLIANCE_EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ComplianceExportFormat = (typeof COMPLIANCE_EXPORT_FORMATS)[number];

/** GET /api/v1/compliance-records (and the dashboard's export): `from`/`to` are checked against now later. */
export const complianceRecordsQuery = z.strictObject({
  from: z
    .string({ error: "from is required: a date (2026-12-01, UTC) or an ISO 8601 date-time with a timezone" })
    .pipe(rangeFrom)
    .meta({
      description:
        "Sessions created at or after this instant. Required. A date alone (2026-12-01) is that day's start, UTC.",
    }),
  to: rangeTo.optional().meta({
    description: `Sessions created before this instant; defaults to now. A date alone includes that whole day, UTC. At most ${COMPLIANCE_EXPORT_MAX_DAYS} days after from.`,
  }),
  format: z.enum(COMPLIANCE_EXPORT_FORMATS, { error: "format must be jsonl or csv" }).default("jsonl").meta({
    description:
      "jsonl (default): one ComplianceRecord JSON object per line (application/x-ndjson). csv: a header row, one row per session, the pages as a JSON array in one column (text/csv).",
  }),
  environment: environmentSchema
    .default("prod")
    .meta({ description: "Whose sessions: prod (default) or sandbox." }),
});
export type ComplianceRecordsQuery = z.output<typeof complianceRecordsQuery>;
