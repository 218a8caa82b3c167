// The languages the hosted flow, receipts and customer emails speak, and how a request picks one.
// Adding a language: a catalogue in lib/i18n/messages/<locale>.json with every key of en.json
// (tests/unit/i18n-catalogues.test.ts checks), and its code here.
import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

export const SUPPORTED_LOCALES = ["en", "de", "fr", "es"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language in its own words, for pickers. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The tag in canonical form (`fr-ca` → `fr-CA`), or null when it is not well-formed BCP 47. */
export function canonicalTag(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * The supported locale for a BCP 47 tag: itself, else its language (`fr-CA` → `fr`, `de-AT` →
 * `de`); null when we do not speak it (or the tag is malformed).
 */
export function supportedLocaleOf(tag: string): Locale | null {
  const canonical = canonicalTag(tag);
  if (!canonical) return null;
  const found = match([canonical], SUPPORTED_LOCALES as unknown as string[], "__none__", {
    algorithm: "lookup",
  });
  return isLocale(found) ? found : null;
}

/** The best supported locale of an `Accept-Language` header (q-values honoured); null when none fits. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const wanted = new Negotiator({ headers: { "accept-language": header } }).languages();
  for (const tag of wanted) {
    if (tag === "*") continue;
    const found = supportedLocaleOf(tag);
    if (found) return found;
  }
  return null;
}
