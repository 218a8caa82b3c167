import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BackLink } from "@/components/dashboard/back-link";
import { DeliveriesTable } from "@/components/dashboard/deliveries-table";
import { DetailList, None } from "@/components/dashboard/detail-list";
import { MetadataTable } from "@/components/dashboard/metadata-table";
import { PageHeader } from "@/components/dashboard/page-header";
import { SandboxNotice } from "@/components/dashboard/sandbox-notice";
import { SectionCard } from "@/components/dashboard/section-card";
import { OutcomeBadge, offerSummary, SandboxBadge, SourceBadge } from "@/components/dashboard/status-badges";
import { Timeline } from "@/components/dashboard/timeline";
import { CopyButton } from "@/components/ui/copy-button";
import { requireWorkspace } from "@/lib/dashboard/context";
import { formatAmount, formatDateTime } from "@/lib/dashboard/format";
import { getDashboardEvent } from "@/lib/domain/cancellations/dashboard-events";

export const metadata: Metadata = { title: "Event" };

const HISTORY_SOURCE = { api: "API", hosted: "Hosted flow", job: "Expiry job" } as const;

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { current } = await requireWorkspace();
  const { id } = await params;
  const found = await getDashboardEvent(current.id, id);
  // Another workspace's event looks exactly like one that does not exist.
  if (!found) notFound();
  const { event, reasonLabel, cancelSessionId, deliveries } = found;
  const sandbox = event.environment === "sandbox";
  const listHref = sandbox ? "/dashboard/events?environment=sandbox" : "/dashboard/events";

  return (
    <div className="space-y-5">
      <div>
        <BackLink href={listHref}>{sandbox ? "Sandbox events" : "Events"}</BackLink>
        <PageHeader
          title="Cancellation event"
          description={
            <span className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs break-all text-ink-muted">{event.eventId}</code>
              <OutcomeBadge outcome={event.outcome} />
              <SourceBadge source={event.source} />
              <SandboxBadge environment={event.environment} />
            </span>
          }
        />
      </div>
      {sandbox ? <SandboxNotice /> : null}

      <div className="grid items-start gap-5 xl:grid-cols-2">
        <SectionCard title="Details">
          <DetailList
            items={[
              {
                label: "Event ID",
                value: (
                  <span className="flex flex-wrap items-center gap-2">
                    <code className="font-mono text-xs break-all">{event.eventId}</code>
                    <CopyButton value={event.eventId} label="Copy ID" />
                  </span>
                ),
              },
              { label: "RetentBase ID", value: <code className="font-mono text-xs">{event.id}</code> },
              { label: "Environment", value: sandbox ? "Sandbox" : "Production" },
              {
                label: "Source",
                value: event.source === "hosted" ? "Hosted cancellation flow" : "Custom API",
              },
              {
                label: "User",
                value: event.userId ? (
                  <code className="font-mono text-xs">{event.userId}</code>
                ) : (
                  <None>Anonymous</None>
                ),
              },
              {
                label: "Reason",
                value: (
                  <>
                    {reasonLabel}{" "}
                    <code className="font-mono text-xs text-ink-subtle">({event.reasonKey})</code>
                  </>
                ),
              },
              {
                label: "Customer note",
                value: event.reasonText ? <q>{event.reasonText}</q> : <None>None given</None>,
              },
              { label: "Offer", value: offerSummary(event.offer) },
              {
                label: "Outcome",
                value: (
                  <span className="flex flex-wrap items-center gap-2">
                    <OutcomeBadge outcome={event.outcome} />
                    {event.outcomeEffectiveAt ? (
                      <span className="text-ink-muted">
                        effective {formatDateTime(event.outcomeEffectiveAt, current.timezone)}
                      </span>
                    ) : null}
                  </span>
                ),
              },
              { label: "Plan", value: event.context.plan ?? <None /> },
              {
                label: "MRR",
                value:
                  event.context.mrr === null ? <None /> : formatAmount(event.context.mrr, current.currency),
              },
              {
                label: "Tenure",
                value: event.context.tenureDays === null ? <None /> : `${event.context.tenureDays} days`,
              },
              { label: "Occurred", value: formatDateTime(event.occurredAt, current.timezone) },
              { label: "Recorded", value: formatDateTime(event.createdAt, current.timezone) },
              { label: "Last updated", value: formatDateTime(event.updatedAt, current.timezone) },
            ]}
          />
        </SectionCard>

        <div className="space-y-5">
          <SectionCard
            title="Outcome history"
            description="Each change of the outcome, oldest first. PATCH /api/v1/cancellations/{eventId} adds one."
          >
            {event.outcomeHistory.length ? (
              <Timeline
                label="Outcome history"
                timeZone={current.timezone}
                items={event.outcomeHistory.map((h, i) => ({
                  key: `${i}`,
                  at: h.recordedAt,
                  title: `${h.from ? capitalise(h.from) : "Pending"} → ${capitalise(h.to)}`,
                  tone: h.to === "recovered" ? "success" : h.to === "churned" ? "danger" : "neutral",
                  detail: (
                    <>
                      <p>
                        Effective {formatDateTime(h.effectiveAt, current.timezone)} · by{" "}
                        {HISTORY_SOURCE[h.source]}
                      </p>
                      {Object.keys(h.metadata).length ? (
                        <p className="mt-1 font-mono text-xs break-all text-ink-subtle">
                          {Object.entries(h.metadata)
                            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
                            .join(" · ")}
                        </p>
                      ) : null}
                    </>
                  ),
                }))}
              />
            ) : (
              <p className="text-sm text-ink-muted">
                Pending: no outcome yet. Send the final outcome with{" "}
                <code className="font-mono text-xs">PATCH /api/v1/cancellations/{event.eventId}</code>.
              </p>
            )}
          </SectionCard>

          {event.source === "hosted" ? (
            <SectionCard title="Hosted session" description="The cancellation flow this event came from.">
              {cancelSessionId ? (
                <Link
                  href={`/dashboard/sessions/${cancelSessionId}`}
                  aria-label={`Open hosted session ${cancelSessionId}`}
                  className="font-mono text-sm font-medium text-brand-700 underline underline-offset-4"
                >
                  {cancelSessionId}
                </Link>
              ) : (
                <p className="text-sm text-ink-muted">The session is no longer stored.</p>
              )}
            </SectionCard>
          ) : null}

          <SectionCard title="Metadata">
            <MetadataTable metadata={event.metadata} caption="Event metadata" />
          </SectionCard>
        </div>
      </div>

      <SectionCard
        title="Webhook deliveries"
        description="What this event sent to your webhook endpoints: one row per event type and endpoint."
      >
        <DeliveriesTable
          deliveries={deliveries}
          caption="Webhook deliveries of this event"
          timeZone={current.timezone}
        />
      </SectionCard>
    </div>
  );
}

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
