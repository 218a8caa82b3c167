import type { Metadata } from "next";
import Link from "next/link";
import { accentButton, backLink, FactList, FlowNotice, FlowShell } from "@/components/cancel-flow/flow-shell";
import { flowPathOf, reasonOf, UNSPECIFIED_REASON } from "@/lib/domain/cancel-sessions/flow";
import { hostedTitle, loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { localizedReasonLabel } from "@/lib/domain/reasons-offers/translations";
import { contractLines } from "../_views/contract";
import { PageInput } from "../_views/page-input";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return hostedTitle(params, (t, path) =>
    path === "fr_3_clicks"
      ? t("hosted.fr3.recapTitle")
      : path === "withdrawal"
        ? t("hosted.withdraw.confirmTitle")
        : t("hosted.confirm.title"),
  );
}

/**
 * The final confirmation: standard and click_to_cancel's "Confirm cancellation", fr_3_clicks' recap
 * ("Confirmer ma demande de résiliation"), a withdrawal's "Confirm withdrawal". Its button leads
 * to the receipt page.
 */
export default async function ConfirmStep({
  params,
  searchParams,
}: Params & { searchParams: Promise<{ error?: string }> }) {
  const { token, nonce, session, branding, locale, t, shown } = await loadStep(params, "confirm");
  const outOfOrder = (await searchParams).error === "order";
  const path = flowPathOf(session);
  const recap = path === "fr_3_clicks" || path === "withdrawal";
  const page = path === "fr_3_clicks" ? "recap" : "confirm";
  await shown(page, ["confirm"]);

  if (recap) {
    const kind = path === "fr_3_clicks" ? "fr3" : "withdraw";
    return (
      <FlowShell branding={branding} nonce={nonce} t={t} note={t("hosted.shell.beforeConfirm")}>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {kind === "fr3" ? t("hosted.fr3.recapHeading") : t("hosted.withdraw.confirmHeading")}
        </h1>
        <p className="mt-2 text-slate-600">
          {kind === "fr3"
            ? t("hosted.fr3.recapIntro", { merchant: branding.name })
            : t("hosted.withdraw.confirmIntro", { merchant: branding.name })}
        </p>
        <FactList
          lines={contractLines(session, t, locale, branding.name)}
          label={t("hosted.contract.legend")}
        />
        <form method="post" action={`/s/${token}/submit`} className="mt-6">
          <PageInput page={page} />
          <input type="hidden" name="action" value="confirm" />
          <button type="submit" className={accentButton}>
            {kind === "fr3" ? t("hosted.fr3.confirm") : t("hosted.withdraw.confirm")}
          </button>
        </form>
        <p className="mt-6">
          <Link href={`/s/${token}`} className={backLink}>
            {t(`hosted.${kind}.back`)}
          </Link>
        </p>
      </FlowShell>
    );
  }

  const reason =
    session.reasonKey && session.reasonKey !== UNSPECIFIED_REASON
      ? await reasonOf(session.workspaceId, session.reasonKey)
      : null;
  return (
    <FlowShell branding={branding} nonce={nonce} t={t} step={3}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("hosted.confirm.heading")}</h1>
      <p className="mt-2 text-slate-600">{t("hosted.confirm.intro", { merchant: branding.name })}</p>
      {outOfOrder ? <FlowNotice id="order-notice">{t("hosted.confirm.orderNotice")}</FlowNotice> : null}
      {reason ? (
        <dl className="mt-6 rounded-lg bg-slate-50 px-4 py-3 text-sm">
          <dt className="text-slate-600">{t("hosted.confirm.yourReason")}</dt>
          <dd className="mt-0.5 font-medium text-slate-900">
            {localizedReasonLabel(reason, locale, session.workspace.defaultLocale)}
          </dd>
        </dl>
      ) : null}
      <form method="post" action={`/s/${token}/submit`} className="mt-6">
        <PageInput page="confirm" />
        <input type="hidden" name="action" value="confirm" />
        <button type="submit" className={accentButton}>
          {t("hosted.confirm.button")}
        </button>
      </form>
      <p className="mt-6">
        <Link href={session.offerId ? `/s/${token}/offer` : `/s/${token}`} className={backLink}>
          {t("hosted.confirm.back")}
        </Link>
      </p>
    </FlowShell>
  );
}
