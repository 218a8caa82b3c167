import type { Locale } from "@/lib/i18n/locales";

const names = new Intl.DisplayNames(["en"], { type: "language" });

/** "German" for `de`: the dashboard speaks English; a new supported locale gets its name for free. */
export function languageInEnglish(locale: Locale): string {
  return names.of(locale) ?? locale;
}
