import { DeliveryStatusBadge } from "@/components/dashboard/status-badges";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PLANS, planHasFeature } from "@/lib/billing/plans";
import { formatDateTime } from "@/lib/dashboard/format";
import { env } from "@/lib/env";
import { listWebhookDeliveries } from "@/lib/webhooks/deliveries";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/events";
import { EVENT_TYPE_DESCRIPTIONS } from "@/lib/webhooks/form-schema";
import type { WebhookDeliveryResource, WebhookEndpointResource } from "@/lib/webhooks/schema";
import {
  removeWebhookEndpointAction,
  retryWebhookDeliveryAction,
  setWebhookEndpointEnabledAction,
} from "../actions";
import { AddEndpointForm, SendTestEvent } from "./webhook-forms";

const DELIVERIES_SHOWN = 25;
const EXCERPT_SHOWN = 1000;

export async function WebhooksTab({
  workspaceId,
  plan,
  canEdit,
  timeZone,
}: {
  workspaceId: string;
  plan: "core" | "advanced";
  canEdit: boolean;
  timeZone: string;
}) {
  if (!planHasFeature(plan, "outbound_webhooks")) return <WebhooksUpgrade workspaceId={workspaceId} />;

  const [endpoints, deliveries] = await Promise.all([
    listWebhookEndpoints(workspaceId),
    listWebhookDeliveries(workspaceId, { limit: DELIVERIES_SHOWN }),
  ]);
  const when = (d: string) => formatDateTime(d, timeZone);

  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Webhook endpoints</h2>
        <p className="mt-1 text-sm text-slate-600">
          We POST signed JSON to these HTTPS URLs when cancellations happen. Verify the{" "}
          <code>x-retentbase-signature-sha256</code> header with your signing secret (API tab). Failed
          deliveries are retried with backoff for about four days.
        </p>
        {endpoints.length ? (
          <ul className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {endpoints.map((e) => (
              <li key={e.id} className="space-y-3 px-4 py-4" data-testid="webhook-endpoint">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0 flex-1">
                    <p className="font-mono text-sm break-all text-slate-900">{e.url}</p>
                    {e.description ? <p className="mt-0.5 text-sm text-slate-600">{e.description}</p> : null}
                    <p className="mt-2 flex flex-wrap gap-1.5">
                      {(e.eventTypes.length ? e.eventTypes : ["All events"]).map((t) => (
                        <Badge key={t}>{t}</Badge>
                      ))}
                    </p>
                  </div>
                  <EndpointBadge endpoint={e} />
                </div>
                {e.enabled && e.circuit.state !== "closed" ? (
                  <p
                    className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900"
                    data-testid="webhook-endpoint-paused"
                  >
                    <span className="font-medium">
                      Paused: timing out —{" "}
                      {e.circuit.state === "open" && e.circuit.retryAt
                        ? `next try at ${when(e.circuit.retryAt)}`
                        : "next try on the next delivery run"}
                      .
                    </span>{" "}
                    {e.circuit.consecutiveTimeouts} attempts in a row got no answer within the timeout, so its
                    deliveries wait (nothing is dropped or counted against their retries). Then one is sent:
                    if the endpoint answers, the rest follow; if not, the pause doubles.{" "}
                    {canEdit ? "Send a test event to try it now." : ""}
                  </p>
                ) : null}
                {!e.enabled ? (
                  <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    Disabled{e.disabledAt ? ` ${when(e.disabledAt)}` : ""}
                    {e.disabledReason ? `: ${e.disabledReason}` : ""}. New deliveries wait until it is
                    enabled.
                  </p>
                ) : e.failingSince ? (
                  <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    Failing since {when(e.failingSince)}. After 5 days of failures it is disabled and owners
                    are emailed.
                  </p>
                ) : null}
                {canEdit ? (
                  <div className="flex flex-wrap items-start gap-2">
                    <SendTestEvent workspaceId={workspaceId} endpointId={e.id} enabled={e.enabled} />
                    <ActionForm action={setWebhookEndpointEnabledAction} messageClassName="mt-2">
                      <input type="hidden" name="workspaceId" value={workspaceId} />
                      <input type="hidden" name="endpointId" value={e.id} />
                      <input type="hidden" name="enabled" value={e.enabled ? "false" : "true"} />
                      <SubmitButton variant="secondary" size="sm">
                        {e.enabled ? "Disable" : "Enable"}
                      </SubmitButton>
                    </ActionForm>
                    <ActionForm action={removeWebhookEndpointAction} messageClassName="mt-2">
                      <input type="hidden" name="workspaceId" value={workspaceId} />
                      <input type="hidden" name="endpointId" value={e.id} />
                      <ConfirmSubmit
                        title="Remove this endpoint?"
                        description={
                          <>
                            <span className="font-mono break-all">{e.url}</span> stops receiving webhooks and
                            its delivery history is deleted. This cannot be undone.
                          </>
                        }
                        confirmLabel="Remove endpoint"
                      >
                        Remove
                      </ConfirmSubmit>
                    </ActionForm>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <div className="mt-4">
            <EmptyState title="No webhook endpoints yet">
              Add one to hear about every cancellation and outcome change as it happens.
            </EmptyState>
          </div>
        )}
        {canEdit ? (
          <div className="mt-6 border-t border-slate-100 pt-6">
            <h3 className="text-sm font-semibold text-slate-900">Add an endpoint</h3>
            <AddEndpointForm
              workspaceId={workspaceId}
              eventTypes={WEBHOOK_EVENT_TYPES.map((t) => ({
                id: t,
                description: EVENT_TYPE_DESCRIPTIONS[t],
              }))}
            />
          </div>
        ) : null}
      </Card>

      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Recent deliveries</h2>
        <p className="mt-1 text-sm text-slate-600">
          The {DELIVERIES_SHOWN} newest, with every attempt. Older ones:{" "}
          <code>GET /api/v1/webhook-deliveries</code>.
        </p>
        {deliveries.data.length ? (
          <ul className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {deliveries.data.map((d) => (
              <DeliveryItem
                key={d.id}
                delivery={d}
                when={when}
                workspaceId={workspaceId}
                canRetry={canEdit && (d.status === "failed" || d.status === "dead")}
              />
            ))}
          </ul>
        ) : (
          <div className="mt-4">
            <EmptyState title="No deliveries yet">
              Deliveries show here once an event is sent, including test events.
            </EmptyState>
          </div>
        )}
      </Card>
    </div>
  );
}

/** Enabled, paused by its circuit breaker, or disabled — in words, the colour only repeats it. */
function EndpointBadge({ endpoint: e }: { endpoint: WebhookEndpointResource }) {
  if (!e.enabled) return <Badge tone="warning">Disabled</Badge>;
  if (e.circuit.state !== "closed") return <Badge tone="warning">Paused: timing out</Badge>;
  return <Badge tone="success">Enabled</Badge>;
}

function DeliveryItem({
  delivery: d,
  when,
  workspaceId,
  canRetry,
}: {
  delivery: WebhookDeliveryResource;
  when: (d: string) => string;
  workspaceId: string;
  canRetry: boolean;
}) {
  return (
    <li className="px-4 py-3 text-sm" data-testid="webhook-delivery">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2">
            <DeliveryStatusBadge status={d.status} />
            <code className="text-slate-900">{d.event.type}</code>
          </p>
          <p className="mt-1 truncate text-slate-600" title={d.endpoint.url}>
            {d.endpoint.url}
          </p>
          <p className="mt-1 text-xs text-slate-600">
            {when(d.createdAt)} · {d.attemptCount} {d.attemptCount === 1 ? "attempt" : "attempts"}
            {d.lastStatusCode ? ` · last status ${d.lastStatusCode}` : ""}
            {d.status === "failed" && d.nextAttemptAt ? ` · next attempt ${when(d.nextAttemptAt)}` : ""}
          </p>
          {(d.status === "pending" || d.status === "failed") && d.endpoint.circuit.state !== "closed" ? (
            <p className="mt-0.5 text-xs font-medium text-amber-900">
              Waiting: the endpoint is paused for timing out
              {d.endpoint.circuit.state === "open" && d.endpoint.circuit.retryAt
                ? ` until ${when(d.endpoint.circuit.retryAt)}`
                : ""}
              .
            </p>
          ) : null}
          {d.lastError ? <p className="mt-0.5 text-xs break-words text-red-800">{d.lastError}</p> : null}
        </div>
        {canRetry ? (
          <ActionForm
            action={retryWebhookDeliveryAction}
            className="flex max-w-56 flex-col items-end"
            messageClassName="mt-2 text-left"
          >
            <input type="hidden" name="workspaceId" value={workspaceId} />
            <input type="hidden" name="deliveryId" value={d.id} />
            <SubmitButton variant="secondary" size="sm" pendingLabel="Retrying…">
              Retry
            </SubmitButton>
          </ActionForm>
        ) : null}
      </div>
      {d.attempts.length ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs font-medium text-slate-700 hover:text-slate-900">
            Show attempts ({d.attempts.length})
          </summary>
          <ol className="mt-2 space-y-2">
            {d.attempts.map((a) => (
              <li key={a.id} className="rounded-lg bg-slate-50 px-3 py-2 text-xs">
                <p className="text-slate-700">
                  <span className="font-medium text-slate-900">Attempt {a.attempt}</span> ·{" "}
                  {when(a.createdAt)} · {a.statusCode ? `status ${a.statusCode}` : "no response"} ·{" "}
                  {a.durationMs} ms
                  {a.error ? ` · ${a.error}` : ""}
                </p>
                <p className="mt-0.5 font-mono text-[11px] text-slate-500">{a.id}</p>
                {a.responseExcerpt ? (
                  <pre className="mt-1.5 max-h-40 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-[11px] whitespace-pre-wrap break-all text-slate-800">
                    {a.responseExcerpt.length > EXCERPT_SHOWN
                      ? `${a.responseExcerpt.slice(0, EXCERPT_SHOWN)}…`
                      : a.responseExcerpt}
                  </pre>
                ) : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}

function WebhooksUpgrade({ workspaceId }: { workspaceId: string }) {
  const billing = Boolean(env().STRIPE_SECRET_KEY);
  const command = `npm run rb -- workspace set-plan --workspace ${workspaceId} --plan advanced`;
  return (
    <Card className="p-6">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold text-slate-900">Webhooks</h2>
        <Badge tone="brand">{PLANS.advanced.name} plan</Badge>
      </div>
      <p className="mt-1 text-sm text-slate-600">
        Your workspace is on the {PLANS.core.name} plan. With {PLANS.advanced.name}, your backend hears about
        every cancellation as it happens:
      </p>
      <ul className="mt-4 list-disc space-y-1.5 pl-5 text-sm text-slate-700">
        <li>
          Signed <code>cancellation.created</code> and <code>cancellation.outcome_updated</code> events,
          posted to up to 20 HTTPS endpoints.
        </li>
        <li>Automatic retries with backoff for about four days, and a retry button for the rest.</li>
        <li>A delivery log with every attempt, status code and response, and test events on demand.</li>
        <li>
          Also in {PLANS.advanced.name}: the custom cancellation API, session diagnostics and advanced
          analytics.
        </li>
      </ul>
      <div className="mt-6">
        {billing ? (
          <ButtonLink href="/dashboard/billing">Upgrade to {PLANS.advanced.name}</ButtonLink>
        ) : (
          <div className="space-y-2">
            <p className="text-sm text-slate-700">
              This server has no billing configured. An operator can switch the plan with the CLI:
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs break-all">
                {command}
              </code>
              <CopyButton value={command} />
            </div>
          </div>
        )}
      </div>
    </Card>
  );
}
