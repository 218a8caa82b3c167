import type { Metadata } from "next";
import { ListNotices } from "@/components/dashboard/list-notices";
import { PageHeader } from "@/components/dashboard/page-header";
import { Pagination } from "@/components/dashboard/pagination";
import { SandboxNotice } from "@/components/dashboard/sandbox-notice";
import {
  ComplianceExportForm,
  ComplianceExportUpsell,
  isComplianceExportError,
} from "@/components/dashboard/sessions/compliance-export-form";
import { SessionFilters } from "@/components/dashboard/sessions/session-filters";
import { SessionsList } from "@/components/dashboard/sessions/sessions-list";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { planHasFeature } from "@/lib/billing/plans";
import { requireWorkspace } from "@/lib/dashboard/context";
import { hrefWith, parseSessionListParams, type SearchParams } from "@/lib/dashboard/list-params";
import { listCancelSessions } from "@/lib/domain/cancel-sessions/list-sessions";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { current } = await requireWorkspace();
  const sp = await searchParams;
  const { params, filters, after, problems } = parseSessionListParams(sp);
  const exportError = isComplianceExportError(sp.export_error) ? sp.export_error : undefined;
  // The export's default period: the last 30 days (UTC), today included.
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 29 * 86_400_000);
  const sessions = await listCancelSessions(current.id, filters, { after });
  const query = { status: params.status, environment: params.environment };
  const filtered = Boolean(params.status || params.environment);

  return (
    <div className="space-y-5">
      <PageHeader
        title="Sessions"
        description="Hosted cancellation sessions, one per link your backend created with POST /api/v1/cancel-link. Links live for 60 minutes. Times are in UTC."
      />
      {params.environment === "sandbox" ? <SandboxNotice /> : null}
      <ListNotices problems={problems} />
      <SessionFilters params={params} />

      {sessions.data.length ? (
        <SessionsList sessions={sessions.data} caption="Hosted cancel sessions" timeZone={current.timezone} />
      ) : filtered || params.cursor ? (
        <EmptyState
          title={filtered ? "No sessions match these filters" : "No older sessions"}
          action={
            <ButtonLink href="/dashboard/sessions" variant="secondary" size="sm">
              {filtered ? "Clear filters" : "Back to the newest"}
            </ButtonLink>
          }
        />
      ) : (
        <EmptyState
          title="No hosted sessions yet"
          action={
            // The demo workspace is read-only: nothing to create there.
            current.isDemo ? undefined : (
              <ButtonLink href="/dashboard/docs#cancel-link" size="sm">
                Create your first cancel link
              </ButtonLink>
            )
          }
        >
          <p>
            When a customer wants to cancel, your backend calls{" "}
            <code className="font-mono text-xs">POST /api/v1/cancel-link</code> and redirects them to the
            returned URL. Each link becomes a session here, with every step the customer took.
          </p>
        </EmptyState>
      )}

      <Pagination
        label="Sessions pages"
        newestHref={params.cursor ? hrefWith("/dashboard/sessions", query) : undefined}
        nextHref={
          sessions.nextCursor
            ? hrefWith("/dashboard/sessions", { ...query, cursor: sessions.nextCursor })
            : undefined
        }
      />

      {planHasFeature(current.plan, "session_diagnostics") ? (
        <ComplianceExportForm
          from={monthAgo.toISOString().slice(0, 10)}
          to={today.toISOString().slice(0, 10)}
          error={exportError}
        />
      ) : (
        <ComplianceExportUpsell />
      )}
    </div>
  );
}
