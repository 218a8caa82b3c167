import { SectionCard } from "@/components/dashboard/section-card";
import { formatDateTime } from "@/lib/dashboard/format";
import { SaveRateChart, SaveRateLegend } from "./results-chart";
import { ResultsTable } from "./results-table";
import type { ExperimentVariantView, ResultsView } from "./types";

/**
 * An experiment's results: the save rate per variant as a chart (with its interval), the same
 * numbers and more in a table, and what each number means.
 */
export function ResultsSection({
  results,
  variants,
  currency,
  timeZone,
  minSessions,
  winner,
}: {
  results: ResultsView;
  variants: ExperimentVariantView[];
  currency: string;
  timeZone: string;
  minSessions: number;
  winner: string | null;
}) {
  const short = results.variants.filter((v) => v.sessions < minSessions).map((v) => v.key);
  const hasHoldout = results.variants.some((v) => v.holdout);
  return (
    <SectionCard
      title="Results"
      description={`Production sessions only (sandbox ones are assigned but never counted) · computed ${formatDateTime(results.computedAt, timeZone)}`}
    >
      {short.length ? (
        <p className="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-body text-amber-900" role="status">
          Not enough data yet ({minSessions} sessions per variant needed): {short.join(", ")}{" "}
          {short.length === 1 ? "has" : "have"} fewer. Until then, read the lift and p-value as provisional.
        </p>
      ) : null}
      <div className="space-y-3">
        <h3 className="text-body font-medium text-ink">Save rate per variant</h3>
        <SaveRateChart data={results.variants} />
        <SaveRateLegend data={results.variants} />
      </div>
      <div className="mt-5">
        <ResultsTable
          results={results.variants}
          variants={variants}
          lift={results.lift}
          currency={currency}
          minSessions={minSessions}
          winner={winner}
        />
      </div>
      <dl className="mt-4 grid gap-x-6 gap-y-2 text-caption text-ink-muted sm:grid-cols-2">
        <div>
          <dt className="inline font-medium text-ink">Save:</dt>{" "}
          <dd className="inline">
            the customer did not cancel — they accepted the offer or left the flow — and were not later marked
            churned.
          </dd>
        </div>
        <div>
          <dt className="inline font-medium text-ink">Save rate:</dt>{" "}
          <dd className="inline">
            saves ÷ sessions assigned to the variant, whether or not an offer was shown.
          </dd>
        </div>
        <div>
          <dt className="inline font-medium text-ink">95 % interval:</dt>{" "}
          <dd className="inline">the range the true save rate is likely in (Wilson interval).</dd>
        </div>
        <div>
          <dt className="inline font-medium text-ink">Lift vs holdout:</dt>{" "}
          <dd className="inline">
            {hasHoldout
              ? "the variant's save rate minus the holdout's, in percentage points; the p-value (two-proportion z-test) is how likely a gap this large would be by chance alone."
              : "needs a holdout variant (no offer) to compare with."}
          </dd>
        </div>
        <div>
          <dt className="inline font-medium text-ink">Validated save rate:</dt>{" "}
          <dd className="inline">saves still saved 30 days later, over sessions older than 30 days.</dd>
        </div>
        <div>
          <dt className="inline font-medium text-ink">MRR saved:</dt>{" "}
          <dd className="inline">the monthly revenue of the saved customers, as sent in context.mrr.</dd>
        </div>
      </dl>
    </SectionCard>
  );
}
