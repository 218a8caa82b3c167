import type { Metadata } from "next";
import Link from "next/link";
import {
  accentButton,
  backLink,
  FlowNotice,
  FlowShell,
  plainButton,
} from "@/components/cancel-flow/flow-shell";
import { localizedTerms } from "@/components/cancel-flow/terms-text";
import { offerTexts, pauseOf } from "@/lib/domain/cancel-sessions/flow";
import { hostedTitle, loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { OFFER_TYPES, type OfferKind, storedTerms } from "@/lib/domain/reasons-offers/terms";
import { localizedOfferTexts } from "@/lib/domain/reasons-offers/translations";
import { PageInput } from "../_views/page-input";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return hostedTitle(params, (t) => t("hosted.offer.title"));
}

/**
 * The one offer (standard, click_to_cancel). click_to_cancel shows "Cancel subscription" beside
 * it, the same size and weight as accepting it, straight to the final confirmation.
 */
export default async function OfferStep({
  params,
  searchParams,
}: Params & { searchParams: Promise<{ error?: string }> }) {
  const { token, nonce, session, branding, locale, t, shown } = await loadStep(params, "offer");
  const error = (await searchParams).error;
  const clickToCancel = session.complianceMode === "click_to_cancel";
  const second = clickToCancel ? "cancel_now" : "decline";
  await shown("offer", ["accept", second]);
  const stored = session.offerId ? await offerTexts(session.offerId) : null;
  const texts = stored
    ? localizedOfferTexts(
        { ...stored, label: session.offerLabel ?? stored.label },
        locale,
        session.workspace.defaultLocale,
      )
    : { label: session.offerLabel ?? "", termsText: null };
  const kind: OfferKind = (OFFER_TYPES as readonly string[]).includes(session.offerType ?? "")
    ? (session.offerType as OfferKind)
    : "discount";
  const summary = localizedTerms(
    t,
    locale,
    session.offerType ?? "",
    storedTerms(session.offerType, session.offerTerms),
  );
  const pause = pauseOf(session);

  return (
    <FlowShell branding={branding} nonce={nonce} t={t} step={2}>
      <p className="text-sm font-medium text-[var(--accent)]">{t(`hosted.offer.kinds.${kind}`)}</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{texts.label}</h1>
      {summary && !pause ? (
        <p className="mt-2 font-medium text-slate-800" id="offer-summary">
          {summary}
        </p>
      ) : null}
      {texts.termsText ? <p className="mt-3 text-slate-600">{texts.termsText}</p> : null}
      <p className="mt-3 text-slate-600">
        {t(`hosted.offer.keeps.${kind}`)} {t("hosted.offer.stillCancel")}
      </p>
      {error === "months" && pause ? (
        <FlowNotice id="months-notice">{t("hosted.offer.monthsNotice", { max: pause.maxMonths })}</FlowNotice>
      ) : null}
      {error === "order" ? (
        <FlowNotice id="order-notice">
          {clickToCancel ? t("hosted.offer.orderNoticeClickToCancel") : t("hosted.offer.orderNotice")}
        </FlowNotice>
      ) : null}
      <div className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-end">
        <form
          method="post"
          action={`/s/${token}/submit`}
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
        >
          <PageInput page="offer" />
          <input type="hidden" name="action" value="accept" />
          {pause ? (
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-700" htmlFor="months">
              {t("hosted.offer.pauseFor")}
              <select
                id="months"
                name="months"
                defaultValue="1"
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900"
                aria-describedby={error === "months" ? "months-notice" : undefined}
              >
                {Array.from({ length: pause.maxMonths }, (_, i) => i + 1).map((m) => (
                  <option key={m} value={m}>
                    {t("hosted.offer.months", { months: m })}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="submit" className={accentButton}>
            {pause ? t("hosted.offer.acceptPause") : t("hosted.offer.accept")}
          </button>
        </form>
        <form method="post" action={`/s/${token}/submit`}>
          <PageInput page="offer" />
          <input type="hidden" name="action" value={second} />
          <button type="submit" className={clickToCancel ? accentButton : plainButton}>
            {clickToCancel ? t("hosted.offer.cancelNow") : t("hosted.offer.decline")}
          </button>
        </form>
      </div>
      <p className="mt-6">
        <Link href={`/s/${token}`} className={backLink}>
          {t("hosted.offer.back")}
        </Link>
      </p>
    </FlowShell>
  );
}
