import type { FactLine } from "@/components/cancel-flow/flow-shell";
import type { FlowSession } from "@/lib/domain/cancel-sessions/flow";
import type { Locale } from "@/lib/i18n/locales";
import { formatDay, type Translator } from "@/lib/i18n/translator";

/** What identifies the contract and its end, as the recap and confirmation pages show them. */
export function contractLines(
  session: Pick<
    FlowSession,
    "userId" | "customerName" | "subscriptionDescription" | "subscriptionReference" | "subscriptionEndsAt"
  >,
  t: Translator,
  locale: Locale,
  merchant: string,
  opts: { name?: boolean } = {},
): FactLine[] {
  const contract =
    [session.subscriptionDescription, session.subscriptionReference && `(${session.subscriptionReference})`]
      .filter(Boolean)
      .join(" ") || t("hosted.contract.unnamed", { merchant });
  const lines: FactLine[] = [
    { key: "contract", label: t("hosted.contract.contract"), value: contract },
    { key: "customerReference", label: t("hosted.contract.customerReference"), value: session.userId },
  ];
  if (opts.name !== false && session.customerName) {
    lines.push({ key: "name", label: t("hosted.contract.name"), value: session.customerName });
  }
  lines.push({
    key: "effectiveAt",
    label: t("hosted.contract.effectiveAt"),
    value: session.subscriptionEndsAt
      ? formatDay(locale, session.subscriptionEndsAt)
      : t("hosted.contract.nextPossibleDate"),
  });
  return lines;
}
