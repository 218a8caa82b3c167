import { describe, expect, it } from "vitest";
import { complianceModeFor } from "@/lib/domain/compliance/mode";
import {
  localizedOfferTexts,
  localizedReasonLabel,
  withTranslation,
} from "@/lib/domain/reasons-offers/translations";
import { localeFromAcceptLanguage, SUPPORTED_LOCALES, supportedLocaleOf } from "@/lib/i18n/locales";
import { CATALOGUES, formatMoney, translator } from "@/lib/i18n/translator";

/** Every key path of a catalogue, with the ICU placeholders each message uses. */
function shape(messages: unknown, prefix = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(messages as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") {
      out.set(path, [...new Set([...v.matchAll(/\{\s*(\w+)/g)].map((m) => m[1]!))].sort());
    } else for (const [p, a] of shape(v, path)) out.set(p, a);
  }
  return out;
}

describe("message catalogues", () => {
  const en = shape(CATALOGUES.en);
  it.each(SUPPORTED_LOCALES.filter((l) => l !== "en"))(
    "%s has every English key, with the same placeholders",
    (l) => {
      const other = shape(CATALOGUES[l]);
      expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, args] of en) expect({ key, args: other.get(key) }).toEqual({ key, args });
    },
  );

  it("translates in each language", () => {
    expect(translator("de")("common.intent.withdrawal")).toBe("Widerruf des Vertrags");
    expect(translator("fr")("common.modes.fr_3_clicks")).toMatch(/3 clics/);
  });

  it("formats money for the locale", () => {
    expect(formatMoney("de", 9.99, "EUR")).toBe("9,99\u00a0€");
    expect(formatMoney("en", 9.99, "EUR")).toBe("€9.99");
  });
});

describe("locales", () => {
  it("falls back from a region variant to its language, and refuses what it does not speak", () => {
    expect(supportedLocaleOf("fr-CA")).toBe("fr");
    expect(supportedLocaleOf("de-at")).toBe("de");
    expect(supportedLocaleOf("es")).toBe("es");
    expect(supportedLocaleOf("ja")).toBeNull();
    expect(supportedLocaleOf("not a tag")).toBeNull();
  });

  it("reads Accept-Language by quality", () => {
    expect(localeFromAcceptLanguage("ja, fr-CH;q=0.9, en;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("en;q=0.2, de;q=0.9")).toBe("de");
    expect(localeFromAcceptLanguage("ja, zh")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});

describe("compliance mode", () => {
  const auto = (country?: string, region?: string) => complianceModeFor({ setting: "auto", country, region });
  it("auto picks by country and region", () => {
    expect(auto("DE")).toEqual({ mode: "de_312k", jurisdiction: "DE" });
    expect(auto("FR").mode).toBe("fr_3_clicks");
    expect(auto("NL").mode).toBe("click_to_cancel");
    expect(auto("NO").mode).toBe("click_to_cancel");
    expect(auto("GB").mode).toBe("click_to_cancel");
    expect(auto("US", "CA")).toEqual({ mode: "click_to_cancel", jurisdiction: "US-CA" });
    expect(auto("US", "NY").mode).toBe("click_to_cancel");
    expect(auto("US", "TX").mode).toBe("standard");
    expect(auto("US").mode).toBe("standard");
    expect(auto("CH").mode).toBe("standard");
    expect(auto()).toEqual({ mode: "standard", jurisdiction: null });
  });

  it("a forced mode applies everywhere", () => {
    expect(complianceModeFor({ setting: "de_312k", country: "US", region: "TX" }).mode).toBe("de_312k");
    expect(complianceModeFor({ setting: "standard", country: "DE" }).mode).toBe("standard");
  });
});

describe("reason and offer translations", () => {
  it("use the locale's text, else the default locale's", () => {
    const reason = { label: "Too expensive", translations: { de: { label: "Zu teuer" } } };
    expect(localizedReasonLabel(reason, "de", "en")).toBe("Zu teuer");
    expect(localizedReasonLabel(reason, "fr", "en")).toBe("Too expensive");
    const offer = {
      label: "20% off",
      termsText: "For 3 months",
      translations: { fr: { label: "20 % de remise" } },
    };
    expect(localizedOfferTexts(offer, "fr", "en")).toEqual({
      label: "20 % de remise",
      termsText: "For 3 months",
    });
  });

  it("the workspace's default language reads the row's own text, even where a translation for it is stored", () => {
    // A German text stored while the default was English; then the default became German, and the
    // settings page now edits the row's own label as the German text.
    const reason = { label: "Zu teuer (neu)", translations: { de: { label: "Zu teuer" } } };
    expect(localizedReasonLabel(reason, "de", "de")).toBe("Zu teuer (neu)");
    expect(localizedReasonLabel(reason, "de", "en")).toBe("Zu teuer");
    const offer = {
      label: "20 % Rabatt",
      termsText: "3 Monate",
      translations: { de: { label: "alt", termsText: "alt" } },
    };
    expect(localizedOfferTexts(offer, "de", "de")).toEqual({ label: "20 % Rabatt", termsText: "3 Monate" });
  });

  it("setting an empty text removes it", () => {
    const t = withTranslation({ de: { label: "Zu teuer" } }, "de", { label: "" });
    expect(t).toEqual({});
    expect(withTranslation({}, "fr", { label: " Trop cher " })).toEqual({ fr: { label: "Trop cher" } });
  });
});
