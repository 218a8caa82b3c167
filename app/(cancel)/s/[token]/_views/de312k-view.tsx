import { accentButton, FactList, FlowNotice, FlowShell } from "@/components/cancel-flow/flow-shell";
import { type FlowSession, MAX_EMAIL, MAX_NAME, MAX_REASON_TEXT } from "@/lib/domain/cancel-sessions/flow";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";
import { contractLines } from "./contract";
import { PageInput } from "./page-input";

type Props = {
  token: string;
  nonce: string | undefined;
  session: FlowSession;
  branding: { name: string; logoUrl: string | null; accentColor: string };
  locale: Locale;
  t: Translator;
  error: string | undefined;
  shown: (page: "confirm", actions: readonly string[]) => Promise<void>;
};

const input =
  "mt-2 block w-full rounded-lg border border-slate-300 px-3 py-2 text-slate-900 focus-visible:outline-2 focus-visible:outline-[var(--accent)]";
const fieldError = "mt-2 text-sm font-medium text-red-700";

/**
 * §312k BGB: the landing page is the confirmation page. Only what identifies the contract and the
 * termination — the contract, the type of termination, who, when it takes effect, where the
 * confirmation goes — and one button, "Jetzt kündigen". No offer, no reason asked before it.
 */
export async function De312kView({ token, nonce, session, branding, locale, t, error, shown }: Props) {
  await shown("confirm", ["confirm"]);
  const extraordinary = session.terminationType === "extraordinary";
  const emailError = error === "email";
  const nameError = error === "name";
  const textError = error === "text";
  const general = error === "characters" || error === "termination" || error === "order" ? error : null;
  return (
    <FlowShell branding={branding} nonce={nonce} t={t} note={t("hosted.shell.beforeConfirm")}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("hosted.de312k.heading")}</h1>
      <p className="mt-2 text-slate-600">{t("hosted.de312k.intro", { merchant: branding.name })}</p>
      {general ? <FlowNotice id="form-notice">{t(`hosted.de312k.errors.${general}`)}</FlowNotice> : null}
      <FactList
        lines={contractLines(session, t, locale, branding.name, { name: false })}
        label={t("hosted.contract.legend")}
      />
      <form method="post" action={`/s/${token}/submit`} className="mt-6 space-y-6" noValidate>
        <PageInput page="confirm" />
        <input type="hidden" name="action" value="confirm" />
        <fieldset>
          <legend className="text-base font-medium text-slate-900">
            {t("hosted.de312k.terminationLegend")}
          </legend>
          <div className="mt-3 space-y-2">
            {(["ordinary", "extraordinary"] as const).map((type) => (
              <label
                key={type}
                className="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 px-4 py-3 has-[:checked]:border-[var(--accent)] has-[:checked]:ring-1 has-[:checked]:ring-[var(--accent)]"
              >
                <input
                  type="radio"
                  name="terminationType"
                  value={type}
                  defaultChecked={type === "extraordinary" ? extraordinary : !extraordinary}
                  className="h-4 w-4 accent-[var(--accent)]"
                />
                <span className="text-slate-900">{t(`hosted.de312k.${type}`)}</span>
              </label>
            ))}
          </div>
          <label htmlFor="terminationReason" className="mt-4 block text-sm font-medium text-slate-900">
            {t("hosted.de312k.reasonLabel")}{" "}
            <span className="font-normal text-slate-600">{t("hosted.reason.optional")}</span>
          </label>
          <textarea
            id="terminationReason"
            name="terminationReason"
            rows={2}
            maxLength={MAX_REASON_TEXT}
            defaultValue={extraordinary ? (session.reasonText ?? "") : ""}
            aria-describedby={textError ? "reason-error" : undefined}
            aria-invalid={textError || undefined}
            className={input}
          />
          {textError ? (
            <p id="reason-error" className={fieldError}>
              {t("hosted.de312k.errors.text", { max: MAX_REASON_TEXT })}
            </p>
          ) : null}
        </fieldset>
        <fieldset className="space-y-4">
          <legend className="text-base font-medium text-slate-900">
            {t("hosted.de312k.identityLegend")}
          </legend>
          <div>
            <label htmlFor="name" className="block text-sm font-medium text-slate-900">
              {t("hosted.de312k.nameLabel")}
            </label>
            <input
              id="name"
              name="name"
              type="text"
              autoComplete="name"
              maxLength={MAX_NAME}
              defaultValue={session.customerName ?? ""}
              aria-describedby={nameError ? "name-error" : undefined}
              aria-invalid={nameError || undefined}
              className={input}
            />
            {nameError ? (
              <p id="name-error" className={fieldError}>
                {t("hosted.de312k.errors.name", { max: MAX_NAME })}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="email" className="block text-sm font-medium text-slate-900">
              {t("hosted.de312k.emailLabel")}
            </label>
            <p id="email-hint" className="mt-1 text-sm text-slate-600">
              {t("hosted.de312k.emailHint")}
            </p>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              required
              maxLength={MAX_EMAIL}
              defaultValue={session.confirmationEmail ?? session.customerEmail ?? ""}
              aria-describedby={emailError ? "email-error email-hint" : "email-hint"}
              aria-invalid={emailError || undefined}
              className={input}
            />
            {emailError ? (
              <p id="email-error" role="alert" className={fieldError}>
                {t("hosted.de312k.errors.email")}
              </p>
            ) : null}
          </div>
        </fieldset>
        <button type="submit" className={accentButton}>
          {t("hosted.de312k.button")}
        </button>
      </form>
    </FlowShell>
  );
}
