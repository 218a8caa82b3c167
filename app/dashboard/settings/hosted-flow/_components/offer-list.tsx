"use client";

// The workspace's offers: type, headline and a summary of the terms; admins edit an offer's
// headline, small print and terms in a disclosure under its row (a native <details>: it opens
// without JavaScript too), with its texts in the other languages below them, enable or disable it,
// and delete it after confirming.
import { useCallback, useRef } from "react";
import { ActionField, ActionForm, ActionTextarea, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import type { OfferKind } from "@/lib/domain/reasons-offers/terms";
import type { Locale } from "@/lib/i18n/locales";
import { deleteOfferAction, toggleOfferAction, updateOfferAction } from "../actions";
import { TERM_FIELDS } from "./hosted-flow-forms";
import { OFFER_TYPE_LABELS, OfferTermFields, type TermValues } from "./offer-term-fields";
import { OfferTranslations, type StoredTranslations } from "./translation-forms";

export type OfferRow = {
  id: string;
  type: OfferKind;
  label: string;
  termsText: string | null;
  /** describeTerms(): "30% off for 3 months"; null for offers saved before terms existed. */
  summary: string | null;
  /** "Reason too_expensive · plan pro" */
  scope: string;
  enabled: boolean;
  terms: TermValues;
  translations: StoredTranslations;
};

export function OfferList({
  workspaceId,
  offers,
  canEdit,
  currency,
  languages,
}: {
  workspaceId: string;
  offers: OfferRow[];
  canEdit: boolean;
  currency: string;
  /** The workspace's default language and the others, which offers are translated into. */
  languages: { defaultLocale: Locale; locales: Locale[] };
}) {
  return (
    <ul aria-label="Offers" className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200">
      {offers.map((o) => (
        <li key={o.id} className="px-3 py-3 text-sm" data-testid="offer-row">
          <div className="flex flex-wrap items-center gap-3">
            <Badge>{OFFER_TYPE_LABELS[o.type] ?? o.type}</Badge>
            <div className="min-w-48 flex-1">
              <p className="font-medium text-slate-900">{o.label}</p>
              <p className="text-xs text-slate-700" data-testid="offer-terms">
                {o.summary ?? "No terms yet: edit the offer to give them"}
              </p>
              <p className="text-xs text-slate-600">
                {o.scope}
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
                <ActionForm workspaceId={workspaceId} action={deleteOfferAction} messageClassName="mt-1">
                  <input type="hidden" name="offerId" value={o.id} />
                  <ConfirmSubmit
                    title={`Delete “${o.label}”?`}
                    description="Customers will no longer see this offer. Offers in an experiment stay until the experiment is deleted: disable them instead."
                    confirmLabel="Delete offer"
                  >
                    Delete
                  </ConfirmSubmit>
                </ActionForm>
              </div>
            ) : null}
          </div>
          {canEdit ? (
            <EditOffer workspaceId={workspaceId} offer={o} currency={currency} languages={languages} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function EditOffer({
  workspaceId,
  offer: o,
  currency,
  languages,
}: {
  workspaceId: string;
  offer: OfferRow;
  currency: string;
  languages: { defaultLocale: Locale; locales: Locale[] };
}) {
  const details = useRef<HTMLDetailsElement>(null);
  // Saved: the disclosure closes on the row, which now shows the new terms.
  const save = useCallback<typeof updateOfferAction>(async (prev, form) => {
    const result = await updateOfferAction(prev, form);
    if (result.ok && details.current) details.current.open = false;
    return result;
  }, []);
  return (
    <details ref={details} className="mt-2">
      <summary className="w-fit cursor-pointer rounded px-1 text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
        Edit<span className="sr-only"> {o.label}</span>
      </summary>
      <ActionForm
        workspaceId={workspaceId}
        action={save}
        noValidate
        fields={["label", "termsText", ...TERM_FIELDS]}
        aria-label={`Edit ${o.label}`}
        className="mt-3 grid gap-4 rounded-lg bg-slate-50 p-3 sm:grid-cols-2"
      >
        <input type="hidden" name="offerId" value={o.id} />
        <input type="hidden" name="type" value={o.type} />
        <div className="sm:col-span-2">
          <ActionField
            id={`${o.id}-label`}
            name="label"
            label="Headline"
            maxLength={200}
            defaultValue={o.label}
          />
        </div>
        <OfferTermFields idPrefix={o.id} types={[o.type]} currency={currency} values={o.terms} />
        <div className="sm:col-span-2">
          <ActionTextarea
            id={`${o.id}-termsText`}
            name="termsText"
            label="Small print"
            rows={2}
            maxLength={1000}
            defaultValue={o.termsText ?? ""}
          />
        </div>
        <div className="sm:col-span-2">
          <SubmitButton size="sm" pendingLabel="Saving…">
            Save offer
          </SubmitButton>
        </div>
      </ActionForm>
      <OfferTranslations workspaceId={workspaceId} offer={o} {...languages} />
    </details>
  );
}
