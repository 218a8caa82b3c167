import type { Metadata } from "next";
import {
  accentButton,
  FactList,
  FlowNotice,
  FlowShell,
  plainButton,
} from "@/components/cancel-flow/flow-shell";
import {
  enabledReasons,
  finishedResult,
  MAX_REASON_TEXT,
  UNSPECIFIED_REASON,
} from "@/lib/domain/cancel-sessions/flow";
import { hostedTitle, loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { receiptFacts } from "@/lib/domain/receipts/facts";
import { PageInput } from "../_views/page-input";
import { ReasonOptions } from "../_views/reason-options";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return hostedTitle(params, (t) => t("hosted.done.title"));
}

/**
 * A finished session shows its result again, never restarts: with its one result token while that
 * is valid (15 minutes), then without a token, and after 24 hours only that the link has expired.
 * A confirmed cancellation or withdrawal is the receipt page: the receipt, its PDF, the way back,
 * and (when no reason was given) an optional survey — after the receipt, never before it.
 */
export default async function DoneStep({
  params,
  searchParams,
}: Params & { searchParams: Promise<{ survey?: string; error?: string }> }) {
  const { token, nonce, session, branding, locale, t, shown } = await loadStep(params, "done");
  const query = await searchParams;
  const result = await finishedResult(session);
  const merchant = branding.name;

  if (result.kind === "link_expired") {
    await shown("expired", []);
    return (
      <FlowShell branding={branding} nonce={nonce} t={t}>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {t("hosted.done.expiredHeading")}
        </h1>
        <p className="mt-2 text-slate-600">{t("hosted.done.expiredBody", { merchant })}</p>
        <p className="mt-3 text-slate-600">{t("hosted.done.expiredContact", { merchant })}</p>
      </FlowShell>
    );
  }

  const back = (
    <a href={result.returnUrl} className={`${accentButton} mt-6`} rel="noreferrer">
      {t("hosted.done.returnTo", { merchant })}
    </a>
  );
  if (session.outcome === "recovered") {
    await shown("result", ["return"]);
    return (
      <FlowShell branding={branding} nonce={nonce} t={t} note={t("hosted.shell.afterConfirm", { merchant })}>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {t("hosted.done.savedHeading")}
        </h1>
        <p className="mt-2 text-slate-600">
          {t("hosted.done.savedBody", { offer: session.offerLabel ?? "", merchant })}
        </p>
        {back}
      </FlowShell>
    );
  }

  const facts = receiptFacts(session);
  const thanks = query.survey === "thanks";
  const survey =
    !thanks && (!session.reasonKey || session.reasonKey === UNSPECIFIED_REASON)
      ? await enabledReasons(session.workspaceId)
      : null;
  await shown(
    "receipt",
    survey?.length ? ["download_receipt", "return", "survey"] : ["download_receipt", "return"],
  );
  const withdrawn = session.intent === "withdrawal";
  return (
    <FlowShell branding={branding} nonce={nonce} t={t} note={t("hosted.shell.afterConfirm", { merchant })}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        {withdrawn ? t("hosted.done.withdrawnHeading") : t("hosted.done.cancelledHeading")}
      </h1>
      <p className="mt-2 text-slate-600">{t("hosted.done.cancelledBody", { merchant })}</p>
      <section aria-labelledby="receipt-title" className="mt-6">
        <h2 id="receipt-title" className="text-lg font-semibold text-slate-900">
          {facts.title}
        </h2>
        <FactList lines={facts.lines} />
        <p className="mt-3 text-sm text-slate-600">{facts.notice}</p>
        <p className="mt-3 text-sm text-slate-600">{t("hosted.done.keep")}</p>
        <a href={`/s/${token}/receipt.pdf`} className={`${plainButton} mt-4`} download>
          {t("hosted.done.download")}
        </a>
      </section>
      {back}
      {thanks ? (
        <FlowNotice id="survey-thanks">{t("hosted.done.surveyThanks", { merchant })}</FlowNotice>
      ) : null}
      {survey?.length ? (
        <form
          method="post"
          action={`/s/${token}/submit`}
          className="mt-8 space-y-4 border-t border-slate-200 pt-6"
          noValidate
        >
          <PageInput page="receipt" />
          <input type="hidden" name="action" value="survey" />
          <fieldset aria-describedby={query.error ? "survey-error" : undefined}>
            <legend className="text-base font-medium text-slate-900">
              {t("hosted.done.surveyLegend")}{" "}
              <span className="font-normal text-slate-600">{t("hosted.reason.optional")}</span>
            </legend>
            {query.error ? (
              <p id="survey-error" role="alert" className="mt-2 text-sm font-medium text-red-700">
                {t("hosted.done.surveyError")}
              </p>
            ) : null}
            <ReasonOptions reasons={survey} locale={locale} defaultLocale={session.workspace.defaultLocale} />
          </fieldset>
          <div>
            <label htmlFor="surveyText" className="block text-sm font-medium text-slate-900">
              {t("hosted.done.surveyNote")}{" "}
              <span className="font-normal text-slate-600">{t("hosted.reason.optional")}</span>
            </label>
            <textarea
              id="surveyText"
              name="reasonText"
              rows={2}
              maxLength={MAX_REASON_TEXT}
              className="mt-2 block w-full rounded-lg border border-slate-300 px-3 py-2 text-slate-900 focus-visible:outline-2 focus-visible:outline-[var(--accent)]"
            />
          </div>
          <button type="submit" className={plainButton}>
            {t("hosted.done.surveySend")}
          </button>
        </form>
      ) : null}
    </FlowShell>
  );
}
