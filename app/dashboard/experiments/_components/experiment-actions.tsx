import { offerName } from "@/components/dashboard/experiments/types";
import { SectionCard } from "@/components/dashboard/section-card";
import { ActionForm, ActionSelect, SubmitButton } from "@/components/ui/action-form";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { ExperimentResource } from "@/lib/domain/experiments/schema";
import {
  declareWinnerAction,
  deleteExperimentAction,
  startExperimentAction,
  stopExperimentAction,
} from "../actions";

/** What an admin can do next with an experiment, by its status; destructive steps ask first. */
export function ExperimentActions({
  workspaceId,
  experiment: e,
  scope,
}: {
  workspaceId: string;
  experiment: ExperimentResource;
  scope: string;
}) {
  const id = <input type="hidden" name="experimentId" value={e.id} />;
  if (e.status === "draft") {
    return (
      <SectionCard
        title="Actions"
        description={`Starting it replaces normal offer selection for ${scope === "All reasons" ? "every reason" : `“${scope}”`}: each customer sees their variant.`}
      >
        <div className="flex flex-wrap items-start gap-3">
          <ActionForm workspaceId={workspaceId} action={startExperimentAction} className="contents">
            {id}
            <SubmitButton pendingLabel="Starting…">Start experiment</SubmitButton>
          </ActionForm>
          <ActionForm workspaceId={workspaceId} action={deleteExperimentAction}>
            {id}
            <ConfirmSubmit
              title={`Delete “${e.name}”?`}
              description="The draft and its variants are removed. Nothing changes for customers."
              confirmLabel="Delete experiment"
            >
              Delete
            </ConfirmSubmit>
          </ActionForm>
        </div>
      </SectionCard>
    );
  }
  if (e.status === "running") {
    return (
      <SectionCard title="Actions">
        <ActionForm workspaceId={workspaceId} action={stopExperimentAction}>
          {id}
          <ConfirmSubmit
            title={`Stop “${e.name}”?`}
            description="Its results are kept; customers go back to normal offer selection. A stopped experiment cannot be started again."
            confirmLabel="Stop experiment"
          >
            Stop experiment
          </ConfirmSubmit>
        </ActionForm>
      </SectionCard>
    );
  }
  const offers = e.variants.filter((v) => !v.holdout);
  if (e.winnerVariant) return null;
  return (
    <SectionCard
      title="Declare a winner"
      description="The winning variant's offer becomes the normal offer for this scope: enabled, and first in line."
    >
      <ActionForm
        workspaceId={workspaceId}
        action={declareWinnerAction}
        fields={["variant"]}
        className="space-y-3"
      >
        {id}
        <ActionSelect id="winnerVariant" name="variant" label="Winning variant" defaultValue="">
          <option value="">Choose…</option>
          {offers.map((v) => (
            <option key={v.key} value={v.key}>
              {v.key} — {offerName(v)}
            </option>
          ))}
        </ActionSelect>
        <ConfirmSubmit
          tone="primary"
          title="Declare the winner?"
          description={`The chosen variant's offer becomes the normal offer for ${scope === "All reasons" ? "every reason" : `“${scope}”`}, shown before any other offer.`}
          confirmLabel="Declare winner"
        >
          Declare winner
        </ConfirmSubmit>
      </ActionForm>
    </SectionCard>
  );
}
