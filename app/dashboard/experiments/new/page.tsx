import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/dashboard/back-link";
import { ExperimentsUpsell, ReadOnlyExperimentsNote } from "@/components/dashboard/experiments/upsell";
import { PageHeader } from "@/components/dashboard/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listOffers } from "@/lib/domain/reasons-offers/offers";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { ExperimentForm } from "../_components/experiment-form";
import { experimentsAccess } from "../access";

export const metadata: Metadata = { title: "New experiment" };

export default async function NewExperimentPage() {
  const { current, onPlan, denial, canEdit } = await experimentsAccess();
  const header = (
    <>
      <BackLink href="/dashboard/experiments">Experiments</BackLink>
      <PageHeader
        title="New experiment"
        description="Saved as a draft: nothing changes for customers until you start it."
      />
    </>
  );
  if (!onPlan) {
    return (
      <div>
        {header}
        <ExperimentsUpsell />
      </div>
    );
  }
  if (!canEdit) {
    return (
      <div>
        {header}
        {denial ? <ReadOnlyExperimentsNote code={denial.code} /> : null}
      </div>
    );
  }
  const [reasons, offers] = await Promise.all([listReasons(current.id), listOffers(current.id)]);
  const offerTypes = offers.filter((o) => o.type !== "none");
  return (
    <div className="max-w-4xl">
      {header}
      {offerTypes.length ? (
        <Card className="p-4 sm:p-6">
          <ExperimentForm
            workspaceId={current.id}
            reasons={reasons.map((r) => ({ key: r.key, label: r.label }))}
            offers={offerTypes.map((o) => ({ id: o.id, type: o.type, label: o.label, enabled: o.enabled }))}
          />
        </Card>
      ) : (
        <EmptyState
          title="Add an offer first"
          action={
            <Link
              href="/dashboard/settings/hosted-flow"
              className="font-medium text-brand-700 underline underline-offset-4"
            >
              Settings → Hosted flow
            </Link>
          }
        >
          An experiment tests offers: add at least one (a discount, a pause, a plan change or free days) under
          Settings → Hosted flow.
        </EmptyState>
      )}
    </div>
  );
}
