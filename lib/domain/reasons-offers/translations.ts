// Per-locale texts of reasons and offers: `translations` is { [locale]: { label?, termsText? } };
// the workspace's default locale's text is the row's own label and termsText.
import { z } from "zod";
import { isLocale, type Locale } from "@/lib/i18n/locales";

export const reasonTranslationsSchema = z.record(z.string(), z.object({ label: z.string().optional() }));
export const offerTranslationsSchema = z.record(
  z.string(),
  z.object({ label: z.string().optional(), termsText: z.string().optional() }),
);

type Texts = { label?: string; termsText?: string };

function textsFor(translations: unknown, locale: Locale): Texts {
  if (!translations || typeof translations !== "object") return {};
  const t = (translations as Record<string, unknown>)[locale];
  return t && typeof t === "object" ? (t as Texts) : {};
}

/** The reason's label in `locale`, else its own (the default locale's). */
export function localizedReasonLabel(reason: { label: string; translations?: unknown }, locale: Locale) {
  return textsFor(reason.translations, locale).label?.trim() || reason.label;
}

/** The offer's label and terms text in `locale`, each falling back to its own. */
export function localizedOfferTexts(
  offer: { label: string; termsText?: string | null; translations?: unknown },
  locale: Locale,
): { label: string; termsText: string | null } {
  const t = textsFor(offer.translations, locale);
  return { label: t.label?.trim() || offer.label, termsText: t.termsText?.trim() || offer.termsText || null };
}

/** `translations` with `locale`'s texts set (empty strings remove them). Pure: callers store the result. */
export function withTranslation<T extends Texts>(translations: unknown, locale: string, texts: T) {
  const current = (translations && typeof translations === "object" ? translations : {}) as Record<
    string,
    Texts
  >;
  const merged: Texts = { ...current[locale] };
  for (const [k, v] of Object.entries(texts) as [keyof Texts, string | undefined][]) {
    if (v === undefined) continue;
    if (v.trim()) merged[k] = v.trim();
    else delete merged[k];
  }
  const next = { ...current };
  if (Object.keys(merged).length && isLocale(locale)) next[locale] = merged;
  else delete next[locale];
  return next;
}
