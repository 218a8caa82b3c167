import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, isoDateInputProps, Select } from "@/components/ui/field";

/** What the form says for each refused export (a code in the URL, so the URL cannot carry any text). */
export const COMPLIANCE_EXPORT_ERRORS = {
  from: "From must be a date, as YYYY-MM-DD.",
  to: "To must be a date, as YYYY-MM-DD, or empty for today.",
  order: "From must be on or before To, and not in the future.",
  span: "One export covers at most 366 days: export longer periods in parts.",
  format: "Choose CSV or JSON lines.",
  environment: "Choose production or sandbox.",
} as const;
export type ComplianceExportError = keyof typeof COMPLIANCE_EXPORT_ERRORS;

export function isComplianceExportError(v: unknown): v is ComplianceExportError {
  return typeof v === "string" && Object.hasOwn(COMPLIANCE_EXPORT_ERRORS, v);
}

const dateClasses = "mt-1 tabular-nums";

/**
 * "Export compliance records": a plain GET form (works without JavaScript) whose answer is a
 * download, so the page stays where it is. Days are UTC, both included; To empty means today.
 */
export function ComplianceExportForm({
  from,
  to,
  error,
}: {
  from: string;
  to: string;
  error?: ComplianceExportError;
}) {
  const errorId = "compliance-export-error";
  return (
    <Card className="p-4 sm:p-5">
      <section id="compliance-export" aria-labelledby="compliance-export-heading" className="scroll-mt-6">
        <h2 id="compliance-export-heading" className="text-heading text-ink">
          Export compliance records
        </h2>
        <p className="mt-0.5 text-body text-ink-muted">
          One record per session created in the period: jurisdiction, mode, language, every page shown with
          its actions, clicks to confirmation, offer, receipt and its email, result token. Days in UTC, both
          included.
        </p>
        {error ? (
          <p id={errorId} role="alert" className="mt-3 text-body font-medium text-red-700">
            {COMPLIANCE_EXPORT_ERRORS[error]}
          </p>
        ) : null}
        <form
          method="get"
          action="/dashboard/sessions/compliance-export"
          className="mt-3 flex flex-wrap items-end gap-x-4 gap-y-3"
          aria-describedby={error ? errorId : undefined}
        >
          <div className="w-36">
            <label htmlFor="export-from" className="block text-caption font-medium text-ink-subtle">
              From
            </label>
            <Input
              id="export-from"
              name="from"
              required
              {...isoDateInputProps}
              defaultValue={from}
              className={dateClasses}
            />
          </div>
          <div className="w-36">
            <label htmlFor="export-to" className="block text-caption font-medium text-ink-subtle">
              To
            </label>
            <Input
              id="export-to"
              name="to"
              {...isoDateInputProps}
              defaultValue={to}
              className={dateClasses}
            />
          </div>
          <div className="w-52">
            <label htmlFor="export-environment" className="block text-caption font-medium text-ink-subtle">
              Sessions
            </label>
            <Select id="export-environment" name="environment" defaultValue="prod" className="mt-1">
              <option value="prod">Production sessions</option>
              <option value="sandbox">Sandbox sessions</option>
            </Select>
          </div>
          <fieldset>
            <legend className="block text-caption font-medium text-ink-subtle">Format</legend>
            <div className="mt-1 flex h-10 items-center gap-4 text-body text-ink">
              <label className="flex items-center gap-1.5">
                <input type="radio" name="format" value="csv" defaultChecked /> CSV
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name="format" value="jsonl" /> JSON lines
              </label>
            </div>
          </fieldset>
          <button
            type="submit"
            className={buttonClasses({ variant: "secondary" })}
            aria-label="Download compliance records"
          >
            Download
          </button>
        </form>
        <p className="mt-2 text-caption text-ink-subtle">
          Also from the API:{" "}
          <code className="font-mono">GET /api/v1/compliance-records?from=…&amp;format=csv</code>
        </p>
      </section>
    </Card>
  );
}

/** What a Core workspace sees instead of the export. */
export function ComplianceExportUpsell() {
  return (
    <Card className="p-4 sm:p-5">
      <h2 className="text-heading text-ink">Compliance record export comes with the Advanced plan</h2>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-body text-ink-muted">
        <li>Every session's record for a period, as CSV or JSON lines, from here or the API</li>
        <li>Proof of each page shown, the actions it offered and the clicks to confirmation</li>
        <li>Receipts and their emails, with message ids, for §312k, the 3 clicks rule and click to cancel</li>
      </ul>
      <Link href="/dashboard/billing" className={`${buttonClasses()} mt-4`}>
        See plans
      </Link>
    </Card>
  );
}
