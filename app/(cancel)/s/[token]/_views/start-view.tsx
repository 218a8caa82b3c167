import { accentButton, FactList, FlowNotice, FlowShell } from "@/components/cancel-flow/flow-shell";
import type { FlowSession } from "@/lib/domain/cancel-sessions/flow";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";
import { contractLines } from "./contract";
import { PageInput } from "./page-input";

type Props = {
  kind: "fr3" | "withdraw";
  token: string;
  nonce: string | undefined;
  session: FlowSession;
  branding: { name: string; logoUrl: string | null; accentColor: string };
  locale: Locale;
  t: Translator;
  error: string | undefined;
  shown: (page: "start" | "withdraw", actions: readonly string[]) => Promise<void>;
};

/**
 * One visible function on the landing page: "Résilier" (fr_3_clicks) or "Withdraw from contract"
 * (a withdrawal, in every mode), with the contract it is about; the next page recaps and confirms.
 */
export async function StartView({ kind, token, nonce, session, branding, locale, t, error, shown }: Props) {
  const action = kind === "fr3" ? "cancel_now" : "withdraw";
  const page = kind === "fr3" ? "start" : "withdraw";
  await shown(page, [action]);
  return (
    <FlowShell branding={branding} nonce={nonce} t={t}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t(`hosted.${kind}.heading`)}</h1>
      <p className="mt-2 text-slate-600">{t(`hosted.${kind}.intro`, { merchant: branding.name })}</p>
      {error === "order" ? (
        <FlowNotice id="order-notice">{t(`hosted.${kind}.orderNotice`)}</FlowNotice>
      ) : null}
      <FactList
        lines={contractLines(session, t, locale, branding.name)}
        label={t("hosted.contract.legend")}
      />
      <form method="post" action={`/s/${token}/submit`} className="mt-6">
        <PageInput page={page} />
        <input type="hidden" name="action" value={action} />
        <button type="submit" className={accentButton}>
          {t(`hosted.${kind}.button`)}
        </button>
      </form>
    </FlowShell>
  );
}
