import { accentButton, FlowShell, plainButton } from "@/components/cancel-flow/flow-shell";
import { enabledReasons, type FlowSession, MAX_REASON_TEXT } from "@/lib/domain/cancel-sessions/flow";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";
import { PageInput } from "./page-input";
import { ReasonOptions } from "./reason-options";

type Props = {
  token: string;
  nonce: string | undefined;
  session: FlowSession;
  branding: { name: string; logoUrl: string | null; accentColor: string };
  locale: Locale;
  t: Translator;
  error: string | undefined;
  shown: (page: "reason", actions: readonly string[]) => Promise<void>;
};

const ERRORS = ["reason", "text", "characters", "order"] as const;

/**
 * standard and click_to_cancel's landing page: the reasons, and a way to cancel without one.
 * click_to_cancel puts "Cancel subscription" first and as prominent as anything on the page
 * (reasons optional); standard offers "Skip and cancel" beside "Continue".
 */
export async function ReasonView({ token, nonce, session, branding, locale, t, error, shown }: Props) {
  const reasons = await enabledReasons(session.workspaceId);
  const clickToCancel = session.complianceMode === "click_to_cancel";
  await shown("reason", ["reason", "cancel_now"]);
  const message = ERRORS.find((e) => e === error);

  const cancelNow = (
    <button
      type="submit"
      name="action"
      value="cancel_now"
      className={clickToCancel ? accentButton : plainButton}
      aria-describedby="cancel-now-hint"
    >
      {clickToCancel ? t("hosted.reason.cancelNow") : t("hosted.reason.skip")}
    </button>
  );
  return (
    <FlowShell branding={branding} nonce={nonce} t={t} step={1}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("hosted.reason.heading")}</h1>
      <p className="mt-2 text-slate-600">
        {clickToCancel
          ? t("hosted.reason.introClickToCancel", { merchant: branding.name })
          : t("hosted.reason.intro", { merchant: branding.name })}
      </p>
      <form method="post" action={`/s/${token}/submit`} className="mt-6 space-y-6" noValidate>
        <PageInput page="reason" />
        {clickToCancel ? (
          <div className="rounded-lg border border-slate-200 p-4">
            {cancelNow}
            <p id="cancel-now-hint" className="mt-2 text-sm text-slate-600">
              {t("hosted.reason.cancelNowHint")}
            </p>
          </div>
        ) : null}
        <fieldset aria-describedby={message ? "reason-error" : undefined}>
          <legend className="text-base font-medium text-slate-900">
            {t("hosted.reason.legend")}
            {clickToCancel ? (
              <span className="font-normal text-slate-600"> {t("hosted.reason.optional")}</span>
            ) : null}
          </legend>
          {message ? (
            <p id="reason-error" role="alert" className="mt-2 text-sm font-medium text-red-700">
              {t(`hosted.reason.errors.${message}`, { max: MAX_REASON_TEXT })}
            </p>
          ) : null}
          <ReasonOptions
            reasons={reasons}
            locale={locale}
            defaultLocale={session.workspace.defaultLocale}
            required={!clickToCancel}
            checkedKey={session.reasonKey}
          />
        </fieldset>
        <div>
          <label htmlFor="reasonText" className="block text-base font-medium text-slate-900">
            {t("hosted.reason.note")}{" "}
            <span className="font-normal text-slate-600">{t("hosted.reason.optional")}</span>
          </label>
          <textarea
            id="reasonText"
            name="reasonText"
            rows={3}
            maxLength={MAX_REASON_TEXT}
            defaultValue={session.reasonText ?? ""}
            className="mt-2 block w-full rounded-lg border border-slate-300 px-3 py-2 text-slate-900 focus-visible:outline-2 focus-visible:outline-[var(--accent)]"
          />
        </div>
        <div className="flex flex-col gap-3 sm:flex-row">
          <button
            type="submit"
            name="action"
            value="reason"
            className={clickToCancel ? plainButton : accentButton}
          >
            {t("hosted.reason.continue")}
          </button>
          {clickToCancel ? null : cancelNow}
        </div>
        {clickToCancel ? null : (
          <p id="cancel-now-hint" className="text-sm text-slate-600">
            {t("hosted.reason.cancelNowHint")}
          </p>
        )}
      </form>
    </FlowShell>
  );
}
