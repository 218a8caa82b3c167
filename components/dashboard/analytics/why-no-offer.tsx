import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { count, pct } from "@/lib/dashboard/format";

export type WhyNoOfferData = {
  /** Hosted events in the period: what each share is of. */
  hosted: number;
  reasons: { key: string; events: number; share: number; saveRate: number | null }[];
};

const TITLE: Record<string, string> = {
  no_match: "No matching offer",
  cooldown: "Cooldown",
  ineligible: "Not eligible",
  holdout: "Experiment holdout",
};

/** Hosted sessions that ended without an offer, by why: counts, share of hosted events, save rate. */
export function WhyNoOffer({
  data,
  detail,
}: {
  data: WhyNoOfferData;
  /** The reason's explanation in words (readable-timeline.ts, NO_OFFER_DETAIL). */
  detail: Record<string, string>;
}) {
  const none = data.reasons.reduce((sum, r) => sum + r.events, 0);
  return (
    <Card className="p-4 sm:p-5">
      <section aria-labelledby="why-no-offer-title">
        <h2 id="why-no-offer-title" className="text-heading text-ink">
          Why no offer
        </h2>
        <p className="mt-0.5 text-caption text-ink-subtle">
          Hosted sessions that showed no offer, by why · share of all {count(data.hosted)} hosted
          cancellations
        </p>
        {data.hosted === 0 ? (
          <div className="mt-3">
            <EmptyState title="No hosted cancellations in this period">
              Sessions of the hosted flow show here, with why any of them saw no offer.
            </EmptyState>
          </div>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <DataTable
              caption="Why hosted sessions showed no offer: sessions, share of hosted cancellations, save rate"
              rows={data.reasons}
              rowKey={(r) => r.key}
              columns={[
                {
                  header: "Why",
                  cell: (r) => (
                    <>
                      <span className="text-ink">{TITLE[r.key] ?? r.key}</span>
                      <span className="block text-caption text-ink-subtle">{detail[r.key] ?? r.key}</span>
                    </>
                  ),
                },
                { header: "Sessions", numeric: true, cell: (r) => count(r.events) },
                { header: "Share", numeric: true, cell: (r) => pct(r.share) },
                { header: "Save rate", numeric: true, cell: (r) => pct(r.saveRate) },
              ]}
            />
            {none === 0 ? (
              <p className="mt-2 text-caption text-ink-subtle">
                No hosted session in this period went without an offer for one of these reasons.
              </p>
            ) : null}
          </div>
        )}
      </section>
    </Card>
  );
}
