// Per-locale texts of reasons and offers: `translations` is { [locale]: { label?, termsText? } };
// the workspace's default locale's text is the row's own label and termsText (a translation stored
// for a language that later became the default is kept, but the row's own text wins for it: the
// settings page edits the row's text for the default language, and that is what customers read).
import { z } from "zod";
import { isLocale, type Locale } from "@/lib/i18n/locales";

export const reasonTranslationsSchema = z.record(z.string(), z.object({ label: z.string().optional() }));
export const offerTranslationsSchema = z.record(
  z.string(),
  z.object({ label: z.string().optional(), termsText: z.string().optional() }),
);

type Texts = { label?: string; termsText?: string };

function textsFor(translations: unknown, locale: Locale, defaultLocale: string): Texts {
  if (locale === defaultLocale || !translations || typeof translations !== "object") return {};
  const t = (translations as Record<string, unknown>)[locale];
  return t && typeof t === "object" ? (t as Texts) : {};
}

/** The reason's label in `locale`, else its own (the workspace's `defaultLocale`'s). */
export function localizedReasonLabel(
  reason: { label: string; translations?: unknown },
  locale: Locale,
  defaultLocale: string,
) {
  return textsFor(reason.translations, locale, defaultLocale).label?.trim() || reason.label;
}

/** The offer's label and terms text in `locale`, each falling back to its own. */
export function localizedOfferTexts(
  offer: { label: string; termsText?: string | null; translations?: unknown },
  locale: Locale,
  defaultLocale: string,
): { label: string; termsText: string | null } {
  const t = textsFor(offer.translations, locale, defaultLocale);
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
