import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { EmptyState } from "@/components/ui/empty-state";
import { listOffers } from "@/lib/domain/reasons-offers/offers";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { type Targeting, targetingSchema } from "@/lib/domain/reasons-offers/schema";
import { describeTerms, type OfferKind, storedTerms } from "@/lib/domain/reasons-offers/terms";
import { listTranslations, translatableLocales } from "@/lib/domain/reasons-offers/translate";
import { getHostedLocaleSettings } from "@/lib/domain/workspaces/hosted-locale";
import { getOfferCooldownDays } from "@/lib/domain/workspaces/offer-cooldown";
import { defaultReturnUrl } from "@/lib/domain/workspaces/queries";
import { listReturnHosts } from "@/lib/domain/workspaces/return-hosts";
import { removeReturnHostAction } from "../actions";
import {
  AddOfferForm,
  AddReasonForm,
  AddReturnHostForm,
  DefaultReturnUrlForm,
  OfferCooldownForm,
} from "./hosted-flow-forms";
import { HostedLocaleForm } from "./hosted-locale-form";
import { languageInEnglish } from "./language-names";
import { OfferList } from "./offer-list";
import type { TermValues } from "./offer-term-fields";
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

export async function HostedFlowTab({
  workspaceId,
  canEdit,
  currency,
}: {
  workspaceId: string;
  canEdit: boolean;
  /** The workspace's currency: an amount off defaults to it. */
  currency: string;
}) {
  const [returnUrl, hosts, reasons, offers, cooldownDays, hostedLocale, translations] = await Promise.all([
    defaultReturnUrl(workspaceId),
    listReturnHosts(workspaceId),
    listReasons(workspaceId),
    listOffers(workspaceId),
    getOfferCooldownDays(workspaceId),
    getHostedLocaleSettings(workspaceId),
    listTranslations(workspaceId),
  ]);
  const disabled = !canEdit;
  const languages = {
    defaultLocale: hostedLocale.defaultLocale,
    locales: translatableLocales(hostedLocale.defaultLocale),
  };

  return (
    <div className="space-y-6">
      <Card className="p-6" data-testid="language-compliance">
        <h2 id="language-heading" className="text-base font-semibold text-slate-900">
          Language and compliance
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          The hosted flow, receipts and emails speak the customer's language (the link's <code>locale</code>,
          else their browser's) and follow the cancellation law where they are.
        </p>
        <HostedLocaleForm
          workspaceId={workspaceId}
          defaultLocale={hostedLocale.defaultLocale}
          complianceMode={hostedLocale.complianceMode}
          disabled={disabled}
        />
      </Card>

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
          hidden and refused by the API. Labels are in {languageInEnglish(languages.defaultLocale)}, the
          default language; each reason's Translations give them in the others.
        </p>
        <ReasonList
          workspaceId={workspaceId}
          canEdit={canEdit}
          reasons={reasons.map((r) => ({
            key: r.key,
            label: r.label,
            enabled: r.enabled,
            translations: translations.reasons.get(r.key) ?? {},
          }))}
          labelledBy="reasons-heading"
          languages={languages}
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
          <OfferList
            workspaceId={workspaceId}
            canEdit={canEdit}
            currency={currency}
            languages={languages}
            offers={offers.map((o) => {
              const terms = storedTerms(o.type, o.terms);
              return {
                id: o.id,
                type: o.type as OfferKind,
                label: o.label,
                termsText: o.termsText,
                summary: describeTerms(o.type, terms),
                scope: `${o.reason ? `Reason ${o.reason.key}` : "Any reason"} · ${describeTargeting(o.targeting)}`,
                enabled: o.enabled,
                terms: (terms ?? {}) as TermValues,
                translations: translations.offers.get(o.id) ?? {},
              };
            })}
          />
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
            currency={currency}
            reasons={reasons.map((r) => ({ key: r.key, label: r.label }))}
          />
        ) : null}
        <h3 className="mt-6 text-sm font-semibold text-slate-900">Offer cooldown</h3>
        <p className="mt-1 text-sm text-slate-600">
          A customer who accepted an offer in the last N days sees no offer and goes straight to confirming
          (per customer userId and environment; 0 turns it off). Now:{" "}
          <span data-testid="offer-cooldown">{cooldownDays === 0 ? "off" : `${cooldownDays} days`}</span>.
        </p>
        <OfferCooldownForm workspaceId={workspaceId} days={cooldownDays} disabled={disabled} />
      </Card>
    </div>
  );
}
