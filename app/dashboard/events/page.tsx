import type { Metadata } from "next";
import { EnvironmentSwitch } from "@/components/dashboard/environment-switch";
import { EventFilters } from "@/components/dashboard/events/event-filters";
import { EventsList } from "@/components/dashboard/events/events-list";
import { ListNotices } from "@/components/dashboard/list-notices";
import { PageHeader } from "@/components/dashboard/page-header";
import { Pagination } from "@/components/dashboard/pagination";
import { SandboxNotice } from "@/components/dashboard/sandbox-notice";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { requireWorkspace } from "@/lib/dashboard/context";
import {
  hasEventFilters,
  hrefWith,
  parseEventListParams,
  type SearchParams,
} from "@/lib/dashboard/list-params";
import { listDashboardEvents } from "@/lib/domain/cancellations/dashboard-events";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";

export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { current } = await requireWorkspace();
  const { params, filters, after, problems } = parseEventListParams(await searchParams);
  const [events, reasons] = await Promise.all([
    listDashboardEvents(current.id, filters, { after }),
    listReasons(current.id),
  ]);
  const sandbox = params.environment === "sandbox";
  // Everything but the cursor: where "Newest" and the next page start from.
  const query = { ...params, environment: sandbox ? "sandbox" : undefined, cursor: undefined };
  const filtered = hasEventFilters(params);
  const envName = sandbox ? "sandbox" : "production";

  return (
    <div className="space-y-5">
      <PageHeader
        title="Events"
        description="Every cancellation recorded in this workspace, from the hosted flow and from the API. Times are in UTC."
        actions={
          <EnvironmentSwitch
            current={params.environment}
            hrefFor={(environment) =>
              hrefWith("/dashboard/events", {
                ...query,
                environment: environment === "sandbox" ? "sandbox" : undefined,
              })
            }
          />
        }
      />
      {sandbox ? <SandboxNotice /> : null}
      <ListNotices problems={problems} />
      <EventFilters params={params} reasons={reasons.map((r) => ({ key: r.key, label: r.label }))} />

      {events.data.length ? (
        <EventsList
          events={events.data}
          caption={`Cancellation events (${envName})`}
          timeZone={current.timezone}
          currency={current.currency}
        />
      ) : filtered || params.cursor ? (
        <EmptyState
          title={filtered ? "No events match these filters" : "No older events"}
          action={
            <ButtonLink
              href={hrefWith("/dashboard/events", { environment: query.environment })}
              variant="secondary"
              size="sm"
            >
              {filtered ? "Clear filters" : "Back to the newest"}
            </ButtonLink>
          }
        >
          {filtered ? `Nothing in ${envName} matches. Widen the dates or clear a filter.` : null}
        </EmptyState>
      ) : (
        <EmptyState
          title={sandbox ? "No sandbox events yet" : "No events yet"}
          action={
            <ButtonLink href="/dashboard/docs" size="sm">
              Read the integration guide
            </ButtonLink>
          }
        >
          {sandbox ? (
            <p>
              Test your integration without touching your numbers: create cancel links or send events with{" "}
              <code className="font-mono text-xs">&quot;environment&quot;: &quot;sandbox&quot;</code>.
            </p>
          ) : (
            <p>
              Events appear here when a customer finishes the hosted cancellation flow (your backend creates
              the link with <code className="font-mono text-xs">POST /api/v1/cancel-link</code>), or when your
              backend records one with <code className="font-mono text-xs">POST /api/v1/cancellations</code>.
            </p>
          )}
        </EmptyState>
      )}

      <Pagination
        label="Events pages"
        newestHref={params.cursor ? hrefWith("/dashboard/events", query) : undefined}
        nextHref={
          events.nextCursor
            ? hrefWith("/dashboard/events", { ...query, cursor: events.nextCursor })
            : undefined
        }
      />
    </div>
  );
}
