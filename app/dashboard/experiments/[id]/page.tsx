import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackLink } from "@/components/dashboard/back-link";
import { DetailList, None } from "@/components/dashboard/detail-list";
import { scopeLabel } from "@/components/dashboard/experiments/experiments-list";
import { ResultsSection } from "@/components/dashboard/experiments/results-section";
import { ExperimentStatusBadge } from "@/components/dashboard/experiments/status-badge";
import { offerName } from "@/components/dashboard/experiments/types";
import { ExperimentsUpsell, ReadOnlyExperimentsNote } from "@/components/dashboard/experiments/upsell";
import { PageHeader } from "@/components/dashboard/page-header";
import { SectionCard } from "@/components/dashboard/section-card";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { ApiError } from "@/lib/api/errors";
import { formatDateTime, pct } from "@/lib/dashboard/format";
import { experimentResults, getExperiment } from "@/lib/domain/experiments/experiments";
import { MIN_SESSIONS_PER_ARM } from "@/lib/domain/experiments/results";
import { reasonLabel } from "@/lib/domain/reasons-offers/queries";
import { describeTerms } from "@/lib/domain/reasons-offers/terms";
import { ExperimentActions } from "../_components/experiment-actions";
import { experimentsAccess } from "../access";

export const metadata: Metadata = { title: "Experiment" };

async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    // Another workspace's experiment is "not found" too, exactly as in the API.
    if (e instanceof ApiError && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { current, onPlan, denial, canEdit } = await experimentsAccess();
  const back = <BackLink href="/dashboard/experiments">Experiments</BackLink>;
  if (!onPlan) {
    return (
      <div>
        {back}
        <PageHeader title="Experiment" />
        <ExperimentsUpsell />
      </div>
    );
  }
  const { id } = await params;
  const experiment = await orNotFound(getExperiment(current.id, id));
  const [results, label] = await Promise.all([
    experiment.status === "draft" ? null : experimentResults(current.id, id),
    experiment.reasonKey ? reasonLabel(current.id, experiment.reasonKey) : null,
  ]);
  const scope = scopeLabel(experiment.reasonKey, label ? { [experiment.reasonKey!]: label } : {});
  const totalWeight = experiment.variants.reduce((s, v) => s + v.weight, 0);
  const when = (at: string | null) => (at ? formatDateTime(at, current.timezone) : <None>Not yet</None>);

  return (
    <div className="space-y-5">
      <div>
        {back}
        <PageHeader
          title={experiment.name}
          description={
            <span className="flex flex-wrap items-center gap-2">
              {/* Announced when an action changes it. */}
              <span role="status">
                <ExperimentStatusBadge status={experiment.status} />
              </span>
              <span>Scope: {scope}</span>
            </span>
          }
        />
        {denial ? <ReadOnlyExperimentsNote code={denial.code} /> : null}
      </div>

      <div className="grid items-start gap-5 lg:grid-cols-5">
        <SectionCard title="Variants" className="min-w-0 lg:col-span-3">
          <Table caption="Variants" minWidth="min-w-[24rem]" className="shadow-none">
            <THead>
              <Th>Key</Th>
              <Th>Offer</Th>
              <Th className="text-right">Weight</Th>
            </THead>
            <TBody>
              {experiment.variants.map((v) => {
                const terms = v.offer ? describeTerms(v.offer.type, v.offer.terms) : null;
                return (
                  <tr key={v.key}>
                    <th scope="row" className="px-4 py-2.5 text-left align-top font-normal text-ink">
                      <span className="font-mono">{v.key}</span>
                      {experiment.winnerVariant === v.key ? (
                        <span className="ml-1.5 text-caption font-medium">(winner)</span>
                      ) : null}
                    </th>
                    <Td>
                      {offerName(v)}
                      {terms ? <span className="block text-caption text-ink-subtle">{terms}</span> : null}
                      {v.offer && !v.offer.enabled ? (
                        <span className="block text-caption text-ink-subtle">Disabled</span>
                      ) : null}
                    </Td>
                    <Td className="text-right whitespace-nowrap tabular-nums">
                      {v.weight}{" "}
                      <span className="text-ink-subtle">
                        ({pct(totalWeight ? v.weight / totalWeight : null)})
                      </span>
                    </Td>
                  </tr>
                );
              })}
            </TBody>
          </Table>
        </SectionCard>
        <div className="min-w-0 space-y-5 lg:col-span-2">
          <SectionCard title="Summary">
            <DetailList
              items={[
                { label: "Scope", value: scope },
                { label: "Created", value: when(experiment.createdAt) },
                { label: "Started", value: when(experiment.startedAt) },
                { label: "Stopped", value: when(experiment.stoppedAt) },
                experiment.status === "stopped" && {
                  label: "Winner",
                  value: experiment.winnerVariant ?? <None>Not declared</None>,
                },
              ]}
            />
          </SectionCard>
          {canEdit ? (
            // A new status, new forms: a message about the last step stays out of the next one's form.
            <ExperimentActions
              key={experiment.status}
              workspaceId={current.id}
              experiment={experiment}
              scope={scope}
            />
          ) : null}
        </div>
      </div>

      {results ? (
        <ResultsSection
          results={results}
          variants={experiment.variants}
          currency={current.currency}
          timeZone={current.timezone}
          minSessions={MIN_SESSIONS_PER_ARM}
          winner={experiment.winnerVariant}
        />
      ) : (
        <SectionCard title="Results">
          <p className="text-body text-ink-muted">
            Results appear once the experiment runs: start it, and every session in its scope counts.
          </p>
        </SectionCard>
      )}
    </div>
  );
}
