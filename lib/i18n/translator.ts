// Message catalogues (ICU messages, use-intl: the core of next-intl) for every customer-facing
// string: hosted pages, receipts, customer emails. Server components, route handlers, the PDF maker
// and the mailer all call `translator(locale)`: one mechanism, no `if (locale === …)`.
import { createTranslator } from "use-intl/core";
import type { Locale } from "./locales";
import deCommon from "./messages/de/common.json";
import deHosted from "./messages/de/hosted.json";
import deReceipt from "./messages/de/receipt.json";
import enCommon from "./messages/en/common.json";
import enHosted from "./messages/en/hosted.json";
import enReceipt from "./messages/en/receipt.json";
import esCommon from "./messages/es/common.json";
import esHosted from "./messages/es/hosted.json";
import esReceipt from "./messages/es/receipt.json";
import frCommon from "./messages/fr/common.json";
import frHosted from "./messages/fr/hosted.json";
import frReceipt from "./messages/fr/receipt.json";

// One file per namespace and locale (common: shared words, hosted: the flow's pages, receipt: the
// receipt and its email), so each area's strings live beside each other. English is the reference:
// every other catalogue has the same keys (tests/unit/i18n-catalogues.test.ts).
const en = { common: enCommon, hosted: enHosted, receipt: enReceipt };
export type Messages = typeof en;
export const CATALOGUES: Record<Locale, Messages> = {
  en,
  de: { common: deCommon, hosted: deHosted, receipt: deReceipt },
  fr: { common: frCommon, hosted: frHosted, receipt: frReceipt },
  es: { common: esCommon, hosted: esHosted, receipt: esReceipt },
};

declare module "use-intl/core" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}

/** `t("hosted.reason.title", { merchant })` in `locale`; formats dates, numbers and plurals (ICU). */
export function translator(locale: Locale) {
  return createTranslator({ locale, messages: CATALOGUES[locale], timeZone: "UTC" });
}
export type Translator = ReturnType<typeof translator>;

/** A date and time with its zone, as the customer reads it ("3. Dezember 2026 um 18:45 UTC"). */
export function formatInstant(locale: Locale, at: Date, timeZone = "UTC") {
  // The long date's fields one by one: Intl refuses timeZoneName beside dateStyle/timeStyle.
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(at);
}

/** A calendar date ("3 December 2026"). */
export function formatDay(locale: Locale, at: Date, timeZone = "UTC") {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(at);
}

/** Money in the locale's form ("9,99 €" in de, "€9.99" in en). */
export function formatMoney(locale: Locale, amount: number, currency: string) {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);
}
