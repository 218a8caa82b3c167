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
import { ComplianceRecordView } from "@/components/dashboard/sessions/compliance-record";
import {
  OutcomeBadge,
  offerSummary,
  SandboxBadge,
  SessionStatusBadge,
} from "@/components/dashboard/status-badges";
import { Timeline } from "@/components/dashboard/timeline";
import { ApiError } from "@/lib/api/errors";
import { requireWorkspace } from "@/lib/dashboard/context";
import { formatAmount, formatDateTime } from "@/lib/dashboard/format";
import { getCancelSessionDiagnostics } from "@/lib/domain/cancel-sessions/diagnostics";
import { readableTimeline } from "@/lib/domain/cancel-sessions/readable-timeline";
import { reasonLabel, reasonLabels } from "@/lib/domain/cancellations/dashboard-events";

export const metadata: Metadata = { title: "Session" };

async function diagnosticsOrNotFound(workspaceId: string, id: string) {
  try {
    return await getCancelSessionDiagnostics(workspaceId, id);
  } catch (e) {
    // Another workspace's session is "not found" too, exactly as in the API.
    if (e instanceof ApiError && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { current } = await requireWorkspace();
  const { id } = await params;
  const [s, labels] = await Promise.all([diagnosticsOrNotFound(current.id, id), reasonLabels(current.id)]);
  const label = (key: string) => reasonLabel(labels, key);
  const items = readableTimeline(s, label);
  const flat = s.metadata as Record<string, string | number | boolean | null>;

  return (
    <div className="space-y-5">
      <div>
        <BackLink href="/dashboard/sessions">Sessions</BackLink>
        <PageHeader
          title="Cancel session"
          description={
            <span className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs break-all text-slate-700">{s.id}</code>
              <SessionStatusBadge status={s.status} />
              <SandboxBadge environment={s.environment} />
            </span>
          }
        />
      </div>
      {s.environment === "sandbox" ? <SandboxNotice /> : null}

      <div className="grid items-start gap-5 lg:grid-cols-5">
        <SectionCard
          title="Timeline"
          description="Every step of this session, oldest first (UTC)."
          className="lg:col-span-3"
        >
          <Timeline label="Session timeline" items={items} timeZone={current.timezone} />
        </SectionCard>

        <div className="space-y-5 lg:col-span-2">
          <SectionCard title="Summary">
            <DetailList
              items={[
                { label: "User", value: <code className="font-mono text-xs break-all">{s.userId}</code> },
                { label: "Environment", value: s.environment === "sandbox" ? "Sandbox" : "Production" },
                {
                  label: "Reason",
                  value: s.reason ? (
                    <>
                      {label(s.reason.key)}
                      {s.reason.text ? <q className="mt-1 block text-slate-600">{s.reason.text}</q> : null}
                    </>
                  ) : (
                    <None>Not chosen</None>
                  ),
                },
                {
                  label: "Offer",
                  value: s.offer ? (
                    offerSummary({ ...s.offer, type: s.offer.type ?? "none" })
                  ) : (
                    <None>None shown</None>
                  ),
                },
                {
                  label: "Outcome",
                  value: s.outcome ? <OutcomeBadge outcome={s.outcome} /> : <None>None yet</None>,
                },
                {
                  label: "Event",
                  value: s.cancellation ? (
                    <Link
                      href={`/dashboard/events/${s.cancellation.id}`}
                      className="font-medium text-brand-700 underline underline-offset-4"
                    >
                      View the cancellation event
                    </Link>
                  ) : (
                    <None>Not recorded yet</None>
                  ),
                },
                {
                  label: "Return host",
                  value: s.returnHost ? (
                    <code className="font-mono text-xs break-all">{s.returnHost}</code>
                  ) : (
                    <None />
                  ),
                },
                { label: "Created", value: formatDateTime(s.createdAt, current.timezone) },
                {
                  label: s.status === "expired" ? "Expired" : "Expires",
                  value: formatDateTime(s.expiresAt, current.timezone),
                },
                {
                  label: "Context",
                  value:
                    s.context.plan || s.context.mrr !== null || s.context.tenureDays !== null ? (
                      [
                        s.context.plan ? `plan ${s.context.plan}` : null,
                        s.context.mrr !== null
                          ? `MRR ${formatAmount(s.context.mrr, current.currency)}`
                          : null,
                        s.context.tenureDays !== null ? `${s.context.tenureDays} days tenure` : null,
                      ]
                        .filter(Boolean)
                        .join(" · ")
                    ) : (
                      <None>None sent</None>
                    ),
                },
              ]}
            />
          </SectionCard>

          <SectionCard
            title="Result token"
            description="The signed result the customer carries back to your return URL in #ci_result_token."
          >
            <DetailList
              items={[
                {
                  label: "Issued",
                  value: s.resultToken.issuedAt ? (
                    formatDateTime(s.resultToken.issuedAt, current.timezone)
                  ) : (
                    <None>Not yet</None>
                  ),
                },
                {
                  label: "Verified",
                  value: s.resultToken.verifiedAt ? (
                    formatDateTime(s.resultToken.verifiedAt, current.timezone)
                  ) : (
                    <None>
                      {s.resultToken.issuedAt
                        ? "Not through the verify endpoint (checks made locally with jose are not recorded)"
                        : "Not yet"}
                    </None>
                  ),
                },
              ]}
            />
          </SectionCard>

          <SectionCard title="Metadata">
            <MetadataTable metadata={flat} caption="Session metadata" />
          </SectionCard>
        </div>
      </div>

      <SectionCard
        title="Compliance record"
        description="What the customer was shown and did, as proof for cancellation laws: also in GET /api/v1/cancel-sessions/{id} and the export on the sessions list."
      >
        <ComplianceRecordView record={s.compliance} timeZone={current.timezone} />
      </SectionCard>

      <SectionCard
        title="Webhook deliveries"
        description="What this session sent to your webhook endpoints when it finished or expired."
      >
        <DeliveriesTable
          deliveries={s.webhookDeliveries}
          caption="Webhook deliveries of this session"
          timeZone={current.timezone}
        />
      </SectionCard>
    </div>
  );
}
