import type { Metadata } from "next";
import { ExperimentsList } from "@/components/dashboard/experiments/experiments-list";
import { ExperimentsUpsell, ReadOnlyExperimentsNote } from "@/components/dashboard/experiments/upsell";
import { PageHeader } from "@/components/dashboard/page-header";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { listExperiments } from "@/lib/domain/experiments/experiments";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { experimentsAccess } from "./access";

export const metadata: Metadata = { title: "Experiments" };

const DESCRIPTION =
  "Test offers against each other and a no-offer holdout: each customer in an experiment's scope sees one variant, and the results show which offer really saves customers who would otherwise have left.";

export default async function ExperimentsPage({
  searchParams,
}: {
  searchParams: Promise<{ deleted?: string }>;
}) {
  const { current, onPlan, denial, canEdit } = await experimentsAccess();
  if (!onPlan) {
    return (
      <div>
        <PageHeader title="Experiments" description={DESCRIPTION} />
        <ExperimentsUpsell />
      </div>
    );
  }
  const [experiments, reasons, { deleted }] = await Promise.all([
    listExperiments(current.id),
    listReasons(current.id),
    searchParams,
  ]);
  const labels = Object.fromEntries(reasons.map((r) => [r.key, r.label]));
  const create = canEdit ? <ButtonLink href="/dashboard/experiments/new">New experiment</ButtonLink> : null;

  return (
    <div>
      <PageHeader
        title="Experiments"
        description={DESCRIPTION}
        actions={experiments.length ? create : null}
      />
      {denial ? <ReadOnlyExperimentsNote code={denial.code} /> : null}
      {deleted ? (
        <p className="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-body text-emerald-800" role="status">
          Experiment deleted.
        </p>
      ) : null}
      {experiments.length ? (
        <ExperimentsList experiments={experiments} reasonLabels={labels} timeZone={current.timezone} />
      ) : (
        <EmptyState title="No experiments yet" action={create}>
          An experiment splits customers between two or more offers and a holdout that sees none, for one
          reason or all of them, so you can see which offer saves customers, and how many would have stayed
          anyway.
        </EmptyState>
      )}
    </div>
  );
}
