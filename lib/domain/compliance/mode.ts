// Which cancellation law a session's flow follows: a pure function of the workspace's setting and
// the customer's country and region (DESIGN 12). Facts: ../shared/MARKET.md, README "Compliance".
import { z } from "zod";

export const COMPLIANCE_MODES = ["standard", "click_to_cancel", "de_312k", "fr_3_clicks"] as const;
export type ComplianceMode = (typeof COMPLIANCE_MODES)[number];
export const complianceSettingSchema = z.enum(["auto", ...COMPLIANCE_MODES]);
export type ComplianceSetting = z.infer<typeof complianceSettingSchema>;
export type Intent = "cancel" | "withdrawal";

/** EU member states and the other EEA countries (Iceland, Liechtenstein, Norway). */
const EU_EEA = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU IS LI NO".split(" "),
);
/** US states whose law requires cancelling online without obstruction (California AB 2863, New York). */
const CLICK_TO_CANCEL_US_STATES = new Set(["CA", "NY"]);

export type ModeDecision = {
  mode: ComplianceMode;
  /** Where the customer is, as the decision read it: "DE", "US-CA", "US"; null when unknown. */
  jurisdiction: string | null;
};

/**
 * `auto`: DE → de_312k; FR → fr_3_clicks; other EU/EEA countries, GB, US-CA and US-NY →
 * click_to_cancel; anywhere else (or unknown) → standard. Any other setting forces that mode.
 * The intent does not change the mode: a withdrawal has its own path in every mode.
 */
export function complianceModeFor(input: {
  setting: ComplianceSetting;
  country?: string | null;
  region?: string | null;
}): ModeDecision {
  const country = input.country?.toUpperCase() ?? null;
  const region = input.region?.toUpperCase() ?? null;
  const jurisdiction = country ? (region ? `${country}-${region}` : country) : null;
  if (input.setting !== "auto") return { mode: input.setting, jurisdiction };
  return { mode: autoMode(country, region), jurisdiction };
}

/**
 * The language a national mode's page is written in: §312k BGB's button is "Jetzt kündigen", the
 * French law's "Résilier". A link whose customer's country chose the mode (auto) and that names
 * no locale speaks it, whatever the browser asks: the mode's words are the law's (a link's own
 * `locale` still wins). null: the mode has no language of its own.
 */
export function modeLanguage(mode: ComplianceMode): "de" | "fr" | null {
  if (mode === "de_312k") return "de";
  if (mode === "fr_3_clicks") return "fr";
  return null;
}

function autoMode(country: string | null, region: string | null): ComplianceMode {
  if (!country) return "standard";
  if (country === "DE") return "de_312k";
  if (country === "FR") return "fr_3_clicks";
  if (EU_EEA.has(country) || country === "GB") return "click_to_cancel";
  if (country === "US" && region && CLICK_TO_CANCEL_US_STATES.has(region)) return "click_to_cancel";
  return "standard";
}
