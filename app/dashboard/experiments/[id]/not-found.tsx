import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// An experiment id that does not exist, or belongs to another workspace (the two look the same).
export default function ExperimentNotFound() {
  return (
    <Card className="mx-auto max-w-xl p-6 text-center sm:p-8">
      <p className="text-sm font-medium text-ink-subtle">404</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-ink">
        No such experiment in this workspace
      </h1>
      <p className="mt-3 text-sm/6 text-ink-muted">
        Nothing with this ID exists in the workspace you are viewing. If it belongs to another of your
        workspaces, switch workspace in the header and open it again.
      </p>
      <div className="mt-6 flex justify-center">
        <ButtonLink href="/dashboard/experiments" variant="secondary">
          Experiments
        </ButtonLink>
      </div>
    </Card>
  );
}
