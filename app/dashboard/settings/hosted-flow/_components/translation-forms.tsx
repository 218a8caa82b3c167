"use client";

// A reason's or an offer's texts in the languages other than the workspace's default: a reason's in
// a disclosure under its row, an offer's in its Edit disclosure (native <details>: they open without
// JavaScript, and the forms post without it too). An empty field removes that language's text: customers then see the default one.
import { ActionField, ActionForm, ActionTextarea, SubmitButton } from "@/components/ui/action-form";
import type { Locale } from "@/lib/i18n/locales";
import { updateOfferTranslationsAction, updateReasonTranslationsAction } from "../actions";
import { languageInEnglish } from "./language-names";

export type StoredTranslations = Record<string, { label?: string; termsText?: string }>;

const summaryClass =
  "w-fit cursor-pointer rounded px-1 text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600";

/** "German, French" for the summary: which languages have a text already. */
function translated(translations: StoredTranslations, locales: Locale[], field: "label" | "termsText") {
  const done = locales.filter((l) => translations[l]?.[field]?.trim());
  return done.length ? done.map(languageInEnglish).join(", ") : "none yet";
}

function FallbackNote({ defaultLocale }: { defaultLocale: Locale }) {
  return (
    <p className="text-xs text-slate-600 sm:col-span-2">
      Leave a language empty and customers who speak it see the {languageInEnglish(defaultLocale)} text.
    </p>
  );
}

export function ReasonTranslations({
  workspaceId,
  reason,
  defaultLocale,
  locales,
}: {
  workspaceId: string;
  reason: { key: string; label: string; translations: StoredTranslations };
  defaultLocale: Locale;
  /** The languages other than the default. */
  locales: Locale[];
}) {
  return (
    <details className="mt-1" data-testid={`reason-translations-${reason.key}`}>
      <summary className={summaryClass}>
        Translations<span className="sr-only"> of {reason.label}</span>
        <span className="font-normal text-slate-600">
          {" "}
          · {translated(reason.translations, locales, "label")}
        </span>
      </summary>
      <ActionForm
        workspaceId={workspaceId}
        action={updateReasonTranslationsAction}
        noValidate
        fields={locales.map((l) => `${l}.label`)}
        aria-label={`Translations of ${reason.label}`}
        className="mt-2 grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-3"
      >
        <input type="hidden" name="key" value={reason.key} />
        <div className="sm:col-span-3">
          <FallbackNote defaultLocale={defaultLocale} />
        </div>
        {locales.map((l) => (
          <ActionField
            key={l}
            id={`reason-${reason.key}-${l}-label`}
            name={`${l}.label`}
            lang={l}
            label={
              <>
                {languageInEnglish(l)}
                <span className="sr-only"> label for {reason.label}</span>
              </>
            }
            maxLength={120}
            placeholder={reason.label}
            defaultValue={reason.translations[l]?.label ?? ""}
          />
        ))}
        <div className="sm:col-span-3">
          <SubmitButton size="sm" variant="secondary" pendingLabel="Saving…">
            Save translations
          </SubmitButton>
        </div>
      </ActionForm>
    </details>
  );
}

export function OfferTranslations({
  workspaceId,
  offer,
  defaultLocale,
  locales,
}: {
  workspaceId: string;
  offer: { id: string; label: string; termsText: string | null; translations: StoredTranslations };
  defaultLocale: Locale;
  locales: Locale[];
}) {
  // Inside the offer's Edit disclosure (one <details> per offer row): a section, not a second disclosure.
  const headingId = `${offer.id}-translations`;
  return (
    <section aria-labelledby={headingId} className="mt-3" data-testid={`offer-translations-${offer.id}`}>
      <h4 id={headingId} className="text-xs font-semibold text-slate-900">
        Translations<span className="sr-only"> of {offer.label}</span>
        <span className="font-normal text-slate-600">
          {" "}
          · {translated(offer.translations, locales, "label")}
        </span>
      </h4>
      <ActionForm
        workspaceId={workspaceId}
        action={updateOfferTranslationsAction}
        noValidate
        fields={locales.flatMap((l) => [`${l}.label`, `${l}.termsText`])}
        aria-label={`Translations of ${offer.label}`}
        className="mt-2 grid gap-4 rounded-lg bg-slate-50 p-3 sm:grid-cols-2"
      >
        <input type="hidden" name="offerId" value={offer.id} />
        <FallbackNote defaultLocale={defaultLocale} />
        {locales.map((l) => (
          <div key={l} className="grid gap-3 sm:col-span-2 sm:grid-cols-2">
            <ActionField
              id={`${offer.id}-${l}-label`}
              name={`${l}.label`}
              lang={l}
              label={
                <>
                  {languageInEnglish(l)} headline<span className="sr-only"> for {offer.label}</span>
                </>
              }
              maxLength={200}
              placeholder={offer.label}
              defaultValue={offer.translations[l]?.label ?? ""}
            />
            <ActionTextarea
              id={`${offer.id}-${l}-termsText`}
              name={`${l}.termsText`}
              lang={l}
              label={
                <>
                  {languageInEnglish(l)} small print<span className="sr-only"> for {offer.label}</span>
                </>
              }
              rows={2}
              maxLength={1000}
              placeholder={offer.termsText ?? ""}
              defaultValue={offer.translations[l]?.termsText ?? ""}
            />
          </div>
        ))}
        <div className="sm:col-span-2">
          <SubmitButton size="sm" variant="secondary" pendingLabel="Saving…">
            Save translations
          </SubmitButton>
        </div>
      </ActionForm>
    </section>
  );
}
