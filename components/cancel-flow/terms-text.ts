// The offer's structured terms in the customer's words and language (the hosted offer page). The
// dashboard keeps its English describeTerms (lib/domain/reasons-offers/terms.ts).
import type {
  DiscountTerms,
  ExtensionTerms,
  OfferTerms,
  PauseTerms,
  PlanChangeTerms,
} from "@/lib/domain/reasons-offers/terms";
import type { Locale } from "@/lib/i18n/locales";
import { formatMoney, type Translator } from "@/lib/i18n/translator";

export function localizedTerms(t: Translator, locale: Locale, type: string, terms: OfferTerms | null) {
  if (!terms) return null;
  switch (type) {
    case "discount": {
      const d = terms as DiscountTerms;
      const off =
        d.percentOff !== undefined
          ? t("hosted.terms.percentOff", { percent: new Intl.NumberFormat(locale).format(d.percentOff) })
          : t("hosted.terms.amountOff", {
              amount: formatMoney(locale, d.amountOff ?? 0, d.currency ?? "USD"),
            });
      return d.forever
        ? t("hosted.terms.forever", { off })
        : t("hosted.terms.forMonths", { off, months: d.durationMonths ?? 1 });
    }
    case "pause": {
      const p = terms as PauseTerms;
      return p.months
        ? t("hosted.terms.pausedFor", { months: p.months })
        : t("hosted.terms.pauseUpTo", { months: p.maxMonths });
    }
    case "plan_change": {
      const c = terms as PlanChangeTerms;
      return c.priceLabel
        ? t("hosted.terms.switchToPriced", { plan: c.toPlan, price: c.priceLabel })
        : t("hosted.terms.switchTo", { plan: c.toPlan });
    }
    case "extension":
      return t("hosted.terms.freeDays", { days: (terms as ExtensionTerms).days });
    default:
      return null;
  }
}
