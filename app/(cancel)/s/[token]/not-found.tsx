import type { Metadata } from "next";
import { accentButton, FlowShell } from "@/components/cancel-flow/flow-shell";
import { expiredLinkOfRequest, hostedLocaleOfRequest } from "@/lib/domain/cancel-sessions/load-step";
import { translator } from "@/lib/i18n/translator";

export async function generateMetadata(): Promise<Metadata> {
  return { title: translator(await hostedLocaleOfRequest())("hosted.notFound.title") };
}

/**
 * Unknown or expired cancellation links (status 404). An expired link names its workspace, with
 * its branding and the way back to the return URL, in the session's language; an unknown one
 * reveals nothing, in the browser's language (else English).
 */
export default async function LinkNotFound() {
  const t = translator(await hostedLocaleOfRequest());
  const expired = await expiredLinkOfRequest();
  if (expired) {
    const { branding, returnUrl, nonce } = expired;
    return (
      <FlowShell branding={branding} nonce={nonce} t={t} note={null}>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {t("hosted.notFound.expiredHeading")}
        </h1>
        <p className="mt-3 text-slate-600">{t("hosted.notFound.expiredBody", { merchant: branding.name })}</p>
        <p className="mt-3 text-slate-600">{t("hosted.notFound.nothingChanged")}</p>
        <a href={returnUrl} className={`${accentButton} mt-6`} rel="noreferrer">
          {t("hosted.notFound.returnTo", { merchant: branding.name })}
        </a>
      </FlowShell>
    );
  }
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {t("hosted.notFound.unknownHeading")}
        </h1>
        <p className="mt-3 text-slate-600">{t("hosted.notFound.unknownBody")}</p>
        <p className="mt-3 text-slate-600">{t("hosted.notFound.nothingChanged")}</p>
      </div>
    </main>
  );
}
