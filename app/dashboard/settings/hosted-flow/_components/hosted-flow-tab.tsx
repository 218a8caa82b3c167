import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select, Textarea } from "@/components/ui/field";
import { listOffers } from "@/lib/domain/reasons-offers/offers";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { type Targeting, targetingSchema } from "@/lib/domain/reasons-offers/schema";
import { defaultReturnUrl } from "@/lib/domain/workspaces/queries";
import { listReturnHosts } from "@/lib/domain/workspaces/return-hosts";
import {
  addReasonAction,
  addReturnHostAction,
  createOfferAction,
  deleteOfferAction,
  moveReasonAction,
  removeReturnHostAction,
  setDefaultReturnUrlAction,
  toggleOfferAction,
  updateReasonAction,
} from "../actions";

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

const label = "block text-xs font-medium text-slate-700";

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
        <ActionForm
          workspaceId={workspaceId}
          action={setDefaultReturnUrlAction}
          className="mt-4 flex flex-wrap items-end gap-3"
        >
          <div className="min-w-64 flex-1">
            <label htmlFor="defaultReturnUrl" className={label}>
              Default return URL
            </label>
            <Input
              id="defaultReturnUrl"
              name="defaultReturnUrl"
              type="url"
              defaultValue={returnUrl ?? ""}
              placeholder="https://app.example.com/account"
              disabled={disabled}
              className="mt-1"
            />
          </div>
          <SubmitButton variant="secondary" disabled={disabled}>
            Save
          </SubmitButton>
        </ActionForm>
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
        {canEdit ? (
          <ActionForm
            workspaceId={workspaceId}
            action={addReturnHostAction}
            resetOnSuccess
            className="mt-3 flex flex-wrap items-end gap-3"
          >
            <div className="min-w-64 flex-1">
              <label htmlFor="returnHostUrl" className={label}>
                Add a host (any URL on it)
              </label>
              <Input
                id="returnHostUrl"
                name="url"
                type="url"
                placeholder="https://app.example.com"
                className="mt-1"
                required
              />
            </div>
            <SubmitButton variant="secondary">Add host</SubmitButton>
          </ActionForm>
        ) : null}
      </Card>

      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Cancellation reasons</h2>
        <p className="mt-1 text-sm text-slate-600">
          Shown to customers in this order. The key is what the API and webhooks use; disabled reasons are
          hidden and refused by the API.
        </p>
        <ul className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
          {reasons.map((r, i) => (
            <li key={r.key} className="flex flex-wrap items-center gap-3 px-3 py-2">
              <code className="w-44 shrink-0 truncate font-mono text-xs text-slate-600">{r.key}</code>
              <ActionForm
                workspaceId={workspaceId}
                action={updateReasonAction}
                className="flex min-w-48 flex-1 items-center gap-2"
              >
                <input type="hidden" name="key" value={r.key} />
                <label htmlFor={`reason-${r.key}`} className="sr-only">
                  Label for {r.key}
                </label>
                <Input
                  id={`reason-${r.key}`}
                  name="label"
                  defaultValue={r.label}
                  disabled={disabled}
                  className="h-9"
                />
                <SubmitButton variant="ghost" size="sm" disabled={disabled}>
                  Rename
                </SubmitButton>
              </ActionForm>
              {r.enabled ? null : <Badge>Disabled</Badge>}
              {canEdit ? (
                <div className="flex items-center gap-1">
                  <ActionForm workspaceId={workspaceId} action={updateReasonAction}>
                    <input type="hidden" name="key" value={r.key} />
                    <input type="hidden" name="enabled" value={r.enabled ? "false" : "true"} />
                    <SubmitButton variant="ghost" size="sm">
                      {r.enabled ? "Disable" : "Enable"}
                    </SubmitButton>
                  </ActionForm>
                  <ActionForm workspaceId={workspaceId} action={moveReasonAction}>
                    <input type="hidden" name="key" value={r.key} />
                    <input type="hidden" name="direction" value="up" />
                    <SubmitButton
                      variant="ghost"
                      size="sm"
                      disabled={i === 0}
                      aria-label={`Move ${r.label} up`}
                    >
                      ↑
                    </SubmitButton>
                  </ActionForm>
                  <ActionForm workspaceId={workspaceId} action={moveReasonAction}>
                    <input type="hidden" name="key" value={r.key} />
                    <input type="hidden" name="direction" value="down" />
                    <SubmitButton
                      variant="ghost"
                      size="sm"
                      disabled={i === reasons.length - 1}
                      aria-label={`Move ${r.label} down`}
                    >
                      ↓
                    </SubmitButton>
                  </ActionForm>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <ActionForm
            workspaceId={workspaceId}
            action={addReasonAction}
            resetOnSuccess
            className="mt-3 flex flex-wrap items-end gap-3"
          >
            <div>
              <label htmlFor="newReasonKey" className={label}>
                Key
              </label>
              <Input
                id="newReasonKey"
                name="key"
                placeholder="too_slow"
                pattern="[a-z0-9_]+"
                className="mt-1 w-44"
                required
              />
            </div>
            <div className="min-w-48 flex-1">
              <label htmlFor="newReasonLabel" className={label}>
                Label customers see
              </label>
              <Input id="newReasonLabel" name="label" placeholder="It's too slow" className="mt-1" required />
            </div>
            <SubmitButton variant="secondary">Add reason</SubmitButton>
          </ActionForm>
        ) : null}
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
                      <SubmitButton variant="ghost" size="sm">
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
          <ActionForm
            workspaceId={workspaceId}
            action={createOfferAction}
            resetOnSuccess
            className="mt-4 grid gap-3 sm:grid-cols-2"
          >
            <div>
              <label htmlFor="offerReason" className={label}>
                For reason
              </label>
              <Select id="offerReason" name="reasonKey" className="mt-1">
                <option value="">Any reason</option>
                {reasons.map((r) => (
                  <option key={r.key} value={r.key}>
                    {r.label}
                  </option>
                ))}
              </Select>
            </div>
            <div>
              <label htmlFor="offerType" className={label}>
                Type
              </label>
              <Select id="offerType" name="type" className="mt-1">
                <option value="discount">Discount</option>
                <option value="pause">Pause</option>
              </Select>
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="offerLabel" className={label}>
                Headline customers see
              </label>
              <Input
                id="offerLabel"
                name="label"
                placeholder="30% off for 3 months"
                className="mt-1"
                required
                maxLength={200}
              />
            </div>
            <div className="sm:col-span-2">
              <label htmlFor="offerTerms" className={label}>
                Terms (optional)
              </label>
              <Textarea id="offerTerms" name="terms" rows={2} maxLength={1000} className="mt-1" />
            </div>
            <fieldset className="grid gap-3 sm:col-span-2 sm:grid-cols-5">
              <legend className="mb-1 text-xs font-medium text-slate-700">
                Targeting (optional: empty means everyone)
              </legend>
              <div className="sm:col-span-5">
                <label htmlFor="offerPlans" className={label}>
                  Plans (comma-separated, as sent in context.plan)
                </label>
                <Input id="offerPlans" name="plans" placeholder="pro, business" className="mt-1" />
              </div>
              {[
                ["minMrr", "Min MRR"],
                ["maxMrr", "Max MRR"],
                ["minTenureDays", "Min tenure (days)"],
                ["maxTenureDays", "Max tenure (days)"],
              ].map(([name, text]) => (
                <div key={name}>
                  <label htmlFor={`offer-${name}`} className={label}>
                    {text}
                  </label>
                  <Input id={`offer-${name}`} name={name} type="number" min={0} step="any" className="mt-1" />
                </div>
              ))}
            </fieldset>
            <div className="sm:col-span-2">
              <SubmitButton variant="secondary">Add offer</SubmitButton>
            </div>
          </ActionForm>
        ) : null}
      </Card>
    </div>
  );
}
