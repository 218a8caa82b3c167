import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// notFound() from any dashboard page: an id that does not exist, or belongs to a workspace other
// than the one you are in (the two look the same on purpose).
export default function DashboardNotFound() {
  return (
    <Card className="mx-auto max-w-xl p-6 text-center sm:p-8">
      <p className="text-sm font-medium text-ink-subtle">404</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight text-ink">Not found in this workspace</h1>
      <p className="mt-3 text-sm/6 text-ink-muted">
        Nothing with this ID exists in the workspace you are viewing. If it belongs to another of your
        workspaces, switch workspace in the header and open it again.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <ButtonLink href="/dashboard/events" variant="secondary">
          Events
        </ButtonLink>
        <ButtonLink href="/dashboard/sessions" variant="secondary">
          Sessions
        </ButtonLink>
      </div>
    </Card>
  );
}
