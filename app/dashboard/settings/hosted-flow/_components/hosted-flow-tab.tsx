import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { EmptyState } from "@/components/ui/empty-state";
import { listOffers } from "@/lib/domain/reasons-offers/offers";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { type Targeting, targetingSchema } from "@/lib/domain/reasons-offers/schema";
import { defaultReturnUrl } from "@/lib/domain/workspaces/queries";
import { listReturnHosts } from "@/lib/domain/workspaces/return-hosts";
import { deleteOfferAction, removeReturnHostAction, toggleOfferAction } from "../actions";
import { AddOfferForm, AddReasonForm, AddReturnHostForm, DefaultReturnUrlForm } from "./hosted-flow-forms";
import { ReasonList } from "./reason-list";

function describeTargeting(raw: unknown): string {
  const parsed = targetingSchema.safeParse(raw ?? {});
  if (!parsed.success) return "Invalid targeting";
  const t: Targeting = parsed.data;
  const parts = [
    t.plans?.length ? `plan ${t.plans.join(" or ")}` : null,
    t.minMrr !== undefined || t.maxMrr !== undefined ? `MRR ${t.minMrr ?? 0}–${t.maxMrr ?? "∞"}` : null,
    t.minTenureDays !== undefined || t.maxTenureDays !== undefined
      ? `tenure ${t.minTenureDays ?? 0}–${t.maxTenureDays ?? "∞"} days`
      : null,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "Everyone";
}

export async function HostedFlowTab({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const [returnUrl, hosts, reasons, offers] = await Promise.all([
    defaultReturnUrl(workspaceId),
    listReturnHosts(workspaceId),
    listReasons(workspaceId),
    listOffers(workspaceId),
  ]);
  const disabled = !canEdit;

  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Return URLs</h2>
        <p className="mt-1 text-sm text-slate-600">
          Where customers go when they finish. A <code>returnUrl</code> sent to <code>cancel-link</code> must
          be on one of these hosts; without one, the default is used.
        </p>
        <DefaultReturnUrlForm workspaceId={workspaceId} value={returnUrl ?? ""} disabled={disabled} />
        <h3 className="mt-6 text-sm font-semibold text-slate-900">Allowed return hosts</h3>
        {hosts.length ? (
          <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {hosts.map((h) => (
              <li key={h.origin} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                <code className="font-mono">{h.origin}</code>
                {canEdit ? (
                  <ActionForm
                    workspaceId={workspaceId}
                    action={removeReturnHostAction}
                    messageClassName="mt-1"
                  >
                    <input type="hidden" name="origin" value={h.origin} />
                    <ConfirmSubmit
                      title={`Remove ${h.origin}?`}
                      description="New cancel links can no longer return customers there. Links already created keep their URL."
                      confirmLabel="Remove host"
                    >
                      Remove
                    </ConfirmSubmit>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <div className="mt-2">
            <EmptyState title="No return hosts yet">
              Add the host of your app, e.g. https://app.example.com.
            </EmptyState>
          </div>
        )}
        {canEdit ? <AddReturnHostForm workspaceId={workspaceId} /> : null}
      </Card>

      <Card className="p-6">
        <h2 id="reasons-heading" className="text-base font-semibold text-slate-900">
          Cancellation reasons
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Shown to customers in this order. The key is what the API and webhooks use; disabled reasons are
          hidden and refused by the API.
        </p>
        <ReasonList
          workspaceId={workspaceId}
          canEdit={canEdit}
          reasons={reasons.map((r) => ({ key: r.key, label: r.label, enabled: r.enabled }))}
          labelledBy="reasons-heading"
        />
        {canEdit ? <AddReasonForm workspaceId={workspaceId} /> : null}
      </Card>

      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Retention offers</h2>
        <p className="mt-1 text-sm text-slate-600">
          After a reason, a customer sees at most one offer: the first enabled offer for that reason whose
          targeting matches them, else the first matching offer for any reason. No match: straight to
          confirmation.
        </p>
        {offers.length ? (
          <ul className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
            {offers.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center gap-3 px-3 py-3 text-sm">
                <Badge>{o.type === "pause" ? "Pause" : "Discount"}</Badge>
                <div className="min-w-48 flex-1">
                  <p className="font-medium text-slate-900">{o.label}</p>
                  <p className="text-xs text-slate-600">
                    {o.reason ? `Reason ${o.reason.key}` : "Any reason"} · {describeTargeting(o.targeting)}
                    {o.enabled ? "" : " · disabled"}
                  </p>
                </div>
                {canEdit ? (
                  <div className="flex items-center gap-2">
                    <ActionForm workspaceId={workspaceId} action={toggleOfferAction}>
                      <input type="hidden" name="offerId" value={o.id} />
                      <input type="hidden" name="enabled" value={o.enabled ? "false" : "true"} />
                      <SubmitButton
                        variant="ghost"
                        size="sm"
                        aria-label={`${o.enabled ? "Disable" : "Enable"} ${o.label}`}
                      >
                        {o.enabled ? "Disable" : "Enable"}
                      </SubmitButton>
                    </ActionForm>
                    <ActionForm workspaceId={workspaceId} action={deleteOfferAction}>
                      <input type="hidden" name="offerId" value={o.id} />
                      <ConfirmSubmit
                        title={`Delete “${o.label}”?`}
                        description="Customers will no longer see this offer."
                        confirmLabel="Delete offer"
                      >
                        Delete
                      </ConfirmSubmit>
                    </ActionForm>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <div className="mt-4">
            <EmptyState title="No offers yet">
              Without offers, customers go straight from their reason to confirming. A pause for “I only need
              a break” is a good first offer.
            </EmptyState>
          </div>
        )}
        {canEdit ? (
          <AddOfferForm
            workspaceId={workspaceId}
            reasons={reasons.map((r) => ({ key: r.key, label: r.label }))}
          />
        ) : null}
      </Card>
    </div>
  );
}
