// The dashboard's words for the compliance setting (English, like the rest of the dashboard; the
// modes' names are the ones customers' receipts use in English: lib/i18n/messages/en/common.json).
import type { ComplianceSetting } from "@/lib/domain/compliance/mode";
import enCommon from "@/lib/i18n/messages/en/common.json";

export const COMPLIANCE_SETTING_LABELS: Record<ComplianceSetting, string> = {
  auto: "Auto",
  ...enCommon.modes,
};

/** What each choice does, in one line. Auto's is what complianceModeFor() picks. */
export const COMPLIANCE_SETTING_HELP: Record<ComplianceSetting, string> = {
  auto: "Germany → the §312k page, France → 3 clicks, the rest of the EU/EEA, the UK, California and New York → click to cancel, anywhere else → standard.",
  standard: "Reason, at most one offer, then confirmation, with a way to cancel on every step.",
  click_to_cancel:
    "A “Cancel subscription” button on the first page: cancelled in 2 clicks; reasons optional, at most one offer, beside it.",
  de_312k:
    "The first page is the confirmation page §312k BGB describes, with “Jetzt kündigen”; no offer or reason before it.",
  fr_3_clicks:
    "“Résilier” → recap → “Confirmer ma demande de résiliation”: 3 clicks at most, no offer between.",
};
