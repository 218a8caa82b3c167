// What a receipt says, once, for the receipt page, the PDF and the email alike. It says the request
// was received, never that billing changed: the merchant changes billing.
import type { ComplianceMode, Intent } from "@/lib/domain/compliance/mode";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { formatDay, formatInstant, type Translator, translator } from "@/lib/i18n/translator";

export type ReceiptSession = {
  id: string;
  userId: string;
  locale: string;
  intent: Intent;
  complianceMode: ComplianceMode;
  customerName: string | null;
  subscriptionReference: string | null;
  subscriptionDescription: string | null;
  subscriptionEndsAt: Date | null;
  terminationType: string | null;
  completedAt: Date | null;
  workspace: { name: string };
};

/** One labelled line of the receipt, in the session's language. */
export type ReceiptLine = { key: string; label: string; value: string };

export type ReceiptFacts = {
  locale: Locale;
  title: string;
  /** The session id: the receipt's reference. */
  reference: string;
  merchant: string;
  lines: ReceiptLine[];
  /** "This confirms that <merchant> received your request …; it does not say billing changed." */
  notice: string;
};

/** The receipt's facts for a confirmed session, `timeZone` the reader's (UTC unless known). */
export function receiptFacts(s: ReceiptSession, timeZone = "UTC"): ReceiptFacts {
  const locale: Locale = isLocale(s.locale) ? s.locale : "en";
  const t: Translator = translator(locale);
  const receivedAt = s.completedAt ?? new Date(0);
  const what =
    [s.subscriptionDescription, s.subscriptionReference && `(${s.subscriptionReference})`]
      .filter(Boolean)
      .join(" ") || t("receipt.fields.subscriptionUnnamed");
  const lines: ReceiptLine[] = [
    { key: "reference", label: t("receipt.fields.reference"), value: s.id },
    { key: "merchant", label: t("receipt.fields.merchant"), value: s.workspace.name },
    {
      key: "customer",
      label: t("receipt.fields.customer"),
      value: s.customerName ? `${s.customerName} (${s.userId})` : s.userId,
    },
    { key: "subscription", label: t("receipt.fields.subscription"), value: what },
    {
      key: "request",
      label: t("receipt.fields.request"),
      value:
        s.intent === "withdrawal"
          ? t("common.intent.withdrawal")
          : s.terminationType === "extraordinary"
            ? t("receipt.termination.extraordinary")
            : t("receipt.termination.ordinary"),
    },
    {
      key: "receivedAt",
      label: t("receipt.fields.receivedAt"),
      value: formatInstant(locale, receivedAt, timeZone),
    },
    {
      key: "effectiveAt",
      label: t("receipt.fields.effectiveAt"),
      value: s.subscriptionEndsAt
        ? formatDay(locale, s.subscriptionEndsAt, timeZone)
        : t("receipt.nextPossibleDate"),
    },
    { key: "mode", label: t("receipt.fields.mode"), value: t(`common.modes.${s.complianceMode}`) },
  ];
  return {
    locale,
    title: s.intent === "withdrawal" ? t("receipt.titleWithdrawal") : t("receipt.title"),
    reference: s.id,
    merchant: s.workspace.name,
    lines,
    notice: t("receipt.notice", { merchant: s.workspace.name }),
  };
}
