import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { DEFAULT_LOCALE, type Locale, localeFromAcceptLanguage } from "@/lib/i18n/locales";
import { type Translator, translator } from "@/lib/i18n/translator";
import {
  effectiveLocale,
  type FlowPath,
  type FlowSession,
  type FlowStep,
  flowPathOf,
  type HostedPage,
  loadFlow,
  recordPageView,
  stepAllowed,
  stepPath,
} from "./flow";
import { HOSTED_PATH_HEADER } from "./hosted-path";

/**
 * The link's session, looked up once per request: the root layout (for `<html lang>`), the page's
 * metadata and the page itself all ask.
 */
const lookup = cache((token: string) => loadFlow(token));

/** The language of the hosted page for `token`: the session's, else the browser's, else English. */
export const hostedLocale = cache(async (token: string | null): Promise<Locale> => {
  const acceptLanguage = (await headers()).get("accept-language");
  const found = token ? await lookup(token) : null;
  if (found?.kind === "ok") return effectiveLocale(found.session, acceptLanguage);
  if (found?.kind === "expired") return found.locale;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
});

/** `hostedLocale` of the link in the request's path (pages that get no params: not-found). */
export async function hostedLocaleOfRequest(): Promise<Locale> {
  return hostedLocale(tokenOfRequest(await headers()));
}

/** The page's title in its language, for the session's path when it is known (generateMetadata). */
export async function hostedTitle(
  params: Promise<{ token: string }>,
  pick: (t: Translator, path: FlowPath) => string,
) {
  const { token } = await params;
  const found = await lookup(token);
  const t = translator(await hostedLocale(token));
  // Unknown or expired: the page renders the link's not-found page, titled as such.
  if (found.kind !== "ok") return { title: t("hosted.notFound.title") };
  return { title: pick(t, flowPathOf(found.session)) };
}

/**
 * What every hosted-flow page does first: find the session (404 page when unknown or expired),
 * send the customer to the step they are really on, and read the CSP nonce and the page's language.
 */
export async function loadStep(params: Promise<{ token: string }>, step: FlowStep) {
  const { token } = await params;
  const found = await lookup(token);
  if (found.kind !== "ok") notFound();
  if (!stepAllowed(found.session, step)) redirect(stepPath(token, found.step));
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const locale = await hostedLocale(token);
  const session: FlowSession = found.session;
  return {
    token,
    nonce,
    session,
    branding: found.branding,
    locale,
    t: translator(locale),
    /** Records this page view with the actions the page offers (one statement; opens the session). */
    shown: (page: HostedPage, actions: readonly string[]) =>
      recordPageView(session, { page, actions, locale }),
  };
}

function tokenOfRequest(h: Headers): string | null {
  const token = /^\/s\/([^/]+)/.exec(h.get(HOSTED_PATH_HEADER) ?? "")?.[1];
  if (!token) return null;
  try {
    return decodeURIComponent(token);
  } catch {
    return null;
  }
}

/**
 * For the not-found page (which gets no params): when the link in the path is expired — not
 * unknown — the workspace is known, so the page shows its branding and the way back to its return
 * URL. Unknown tokens give null: the generic page, revealing nothing.
 */
export async function expiredLinkOfRequest() {
  const h = await headers();
  const token = tokenOfRequest(h);
  if (!token) return null;
  const found = await lookup(token);
  if (found.kind !== "expired") return null;
  return { branding: found.branding, returnUrl: found.returnUrl, nonce: h.get("x-nonce") ?? undefined };
}
