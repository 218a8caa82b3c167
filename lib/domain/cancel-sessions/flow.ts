// The customer's side of a hosted cancellation: which step they are on, and what each form post
// does. Pages and the form handler under app/(cancel)/s/[token] are thin shells around this.
import { isStorableText } from "@/lib/api/text";
import { db, hotQuery, Prisma, utc } from "@/lib/db";
import { toCancellationResource } from "@/lib/domain/cancellations/resource";
import { breakEarlierSavesSql } from "@/lib/domain/cancellations/save-validity";
import type { OfferCandidate } from "@/lib/domain/reasons-offers/choose-offer";
import { decideOffer, type RunningExperiment } from "@/lib/domain/reasons-offers/decide-offer";
import { acceptedPause, appliedOffer, type PauseTerms, storedTerms } from "@/lib/domain/reasons-offers/terms";
import { issueReceipt } from "@/lib/domain/receipts/issue";
import { DEFAULT_ACCENT } from "@/lib/domain/workspaces/general-schema";
import { currentSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { DEFAULT_LOCALE, isLocale, type Locale, localeFromAcceptLanguage } from "@/lib/i18n/locales";
import { createId } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { hashToken, URL_TOKEN_SHAPE } from "@/lib/tokens";
import { enqueueCancellationWebhook } from "@/lib/webhooks/enqueue";
import { scheduleWebhookDelivery } from "@/lib/webhooks/schedule";
import { RESULT_TOKEN_TTL_SECONDS, signResultToken } from "./result-token";
import type { ResultClaims } from "./schema";
import { entry, type TimelineEntry, timelineAppend } from "./timeline";

export type FlowStep = "reason" | "offer" | "confirm" | "done";
export const MAX_REASON_TEXT = 2000;

const sessionInclude = {
  workspace: {
    select: {
      id: true,
      name: true,
      workspaceKey: true,
      brandLogoUrl: true,
      brandAccentColor: true,
      offerCooldownDays: true,
      defaultLocale: true,
    },
  },
} as const;
export type FlowSession = Prisma.CancelSessionGetPayload<{ include: typeof sessionInclude }>;

export type Branding = { name: string; logoUrl: string | null; accentColor: string };

export type FlowLookup =
  | { kind: "ok"; session: FlowSession; branding: Branding; step: FlowStep }
  | { kind: "not_found" }
  // Expired (not unknown): the workspace is known, so the page can show its branding and the way back.
  | { kind: "expired"; branding: Branding; returnUrl: string; locale: Locale };

/**
 * A path that stays on our origin once a browser resolves it. Browsers read `\` as `/` and drop
 * tabs and newlines, so `/\cdn.example/x.png` is protocol-relative: only the URL parser can tell.
 */
function isSameOriginPath(path: string): boolean {
  if (!path.startsWith("/")) return false;
  const base = "http://same-origin.invalid";
  try {
    return new URL(path, base).origin === base;
  } catch {
    return false;
  }
}

/** Only a same-origin path or an inline image: the hosted flow makes no third-party requests. */
export function brandingOf(
  ws: Pick<FlowSession["workspace"], "name" | "brandLogoUrl" | "brandAccentColor">,
): Branding {
  const logo = ws.brandLogoUrl;
  const safeLogo =
    logo && (/^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,/i.test(logo) || isSameOriginPath(logo))
      ? logo
      : null;
  const accent =
    ws.brandAccentColor && /^#[0-9a-f]{6}$/i.test(ws.brandAccentColor) ? ws.brandAccentColor : DEFAULT_ACCENT;
  return { name: ws.name, logoUrl: safeLogo, accentColor: accent };
}

/**
 * Which sequence of steps a session follows: its compliance mode's, or the withdrawal path (every
 * mode has one). standard and click_to_cancel ask for a reason (optional) and may show one offer;
 * de_312k's landing page is the confirmation page; fr_3_clicks and withdrawal go landing → recap
 * or confirm → receipt. None of the last three shows an offer.
 */
export type FlowPath = "standard" | "click_to_cancel" | "de_312k" | "fr_3_clicks" | "withdrawal";

type PathFacts = Pick<FlowSession, "complianceMode" | "intent">;

export function flowPathOf(s: PathFacts): FlowPath {
  return s.intent === "withdrawal" ? "withdrawal" : s.complianceMode;
}

/** Whether the session's path may show an offer (and so asks the offer decision at all). */
export function pathShowsOffers(s: PathFacts) {
  const path = flowPathOf(s);
  return path === "standard" || path === "click_to_cancel";
}

/**
 * The session's reason once the customer chose to cancel without giving one (the "cancel now"
 * buttons, the fr and withdrawal landing pages): the event's own word for no reason.
 */
export const UNSPECIFIED_REASON = "unspecified";

type StepFacts = Pick<FlowSession, "status" | "reasonKey" | "offerId" | "offerAccepted"> & PathFacts;

/** The furthest step the session has reached. */
export function currentStep(s: StepFacts): FlowStep {
  if (s.status === "completed") return "done";
  const path = flowPathOf(s);
  // §312k: the landing page is the confirmation page.
  if (path === "de_312k") return "reason";
  if (!s.reasonKey) return "reason";
  if (path === "fr_3_clicks" || path === "withdrawal") return "confirm";
  if (s.offerId && s.offerAccepted !== false) return "offer";
  return "confirm";
}

/** Whether a page of the flow may be shown now; otherwise the page redirects to currentStep. */
export function stepAllowed(s: StepFacts, step: FlowStep) {
  if (s.status === "completed") return step === "done";
  const path = flowPathOf(s);
  if (path === "de_312k") return step === "reason";
  if (path === "fr_3_clicks" || path === "withdrawal") {
    return step === "reason" || (step === "confirm" && Boolean(s.reasonKey));
  }
  switch (step) {
    case "reason":
      return true;
    case "offer":
      return Boolean(s.offerId);
    case "confirm":
      return Boolean(s.reasonKey) && (!s.offerId || s.offerAccepted === false);
    case "done":
      return false;
  }
}

/**
 * Where a session stands in its path's order — as far as form posts are concerned. standard and
 * click_to_cancel: reason (with its optional note) → the offer shown → accept or decline →
 * confirm, with "cancel now" from every step; the others: starting → confirming.
 */
export type FlowState =
  | "choosing_reason" // no reason yet (standard, click_to_cancel)
  | "offer_pending" // a reason with an offer, which the offer page has not shown yet
  | "offer_shown" // the offer is on screen: accept or decline it
  | "confirming" // nothing left but to confirm (de_312k from the start)
  | "offer_declined" // declined: confirm, or still accept it (the confirm page's Back link)
  | "starting" // fr_3_clicks and withdrawal: the landing page's one button
  | "done";

type StateFacts = StepFacts & Pick<FlowSession, "offerShownAt">;

export function flowState(s: StateFacts): FlowState {
  if (s.status === "completed") return "done";
  const path = flowPathOf(s);
  if (path === "de_312k") return "confirming";
  if (path === "fr_3_clicks" || path === "withdrawal") return s.reasonKey ? "confirming" : "starting";
  if (!s.reasonKey) return "choosing_reason";
  if (!s.offerId) return "confirming";
  if (s.offerAccepted === false) return "offer_declined";
  return s.offerShownAt ? "offer_shown" : "offer_pending";
}

type ActionName = FlowAction["action"];
/**
 * The posts each path takes in each state. A new reason is going back, possible until the end;
 * "cancel now" leaves any step for the confirmation; repeats are no-ops. click_to_cancel's offer
 * page offers accept or cancel now (never a separate decline step).
 */
const ACCEPTS: Record<FlowPath, Partial<Record<FlowState, readonly ActionName[]>>> = {
  standard: {
    choosing_reason: ["reason", "cancel_now"],
    offer_pending: ["reason", "cancel_now"],
    offer_shown: ["reason", "accept", "decline", "cancel_now"],
    confirming: ["reason", "cancel_now", "confirm"],
    offer_declined: ["reason", "accept", "decline", "cancel_now", "confirm"],
  },
  click_to_cancel: {
    choosing_reason: ["reason", "cancel_now"],
    offer_pending: ["reason", "cancel_now"],
    offer_shown: ["reason", "accept", "cancel_now"],
    confirming: ["reason", "cancel_now", "confirm"],
    offer_declined: ["reason", "accept", "cancel_now", "confirm"],
  },
  de_312k: { confirming: ["confirm"] },
  fr_3_clicks: { starting: ["cancel_now"], confirming: ["cancel_now", "confirm"] },
  withdrawal: { starting: ["withdraw"], confirming: ["withdraw", "confirm"] },
};

/** Whether a form post is the session's next step (or a harmless repeat of it). */
export function acceptsAction(s: StateFacts, action: ActionName): boolean {
  return ACCEPTS[flowPathOf(s)][flowState(s)]?.includes(action) ?? false;
}

/**
 * The pages of the hosted flow, as the compliance record names them (timeline "page_shown" and
 * "action" entries; lib/domain/cancel-sessions/timeline.ts lists them).
 */
export const HOSTED_PAGES = [
  "reason",
  "offer",
  "confirm",
  "start",
  "recap",
  "withdraw",
  "receipt",
  "result",
  "expired",
] as const;
export type HostedPage = (typeof HOSTED_PAGES)[number];

export function isHostedPage(value: unknown): value is HostedPage {
  return typeof value === "string" && (HOSTED_PAGES as readonly string[]).includes(value);
}

/** The page the session's current step shows. */
export function pageOf(s: StepFacts & Pick<FlowSession, "outcome">): HostedPage {
  const step = currentStep(s);
  if (step === "done") return s.outcome === "recovered" ? "result" : "receipt";
  const path = flowPathOf(s);
  if (path === "de_312k") return "confirm";
  if (step === "offer") return "offer";
  if (path === "fr_3_clicks") return step === "reason" ? "start" : "recap";
  if (path === "withdrawal") return step === "reason" ? "withdraw" : "confirm";
  return step === "reason" ? "reason" : "confirm";
}

/** The step's path. The token comes decoded from the URL, so it is encoded again for a Location header. */
export function stepPath(token: string, step: FlowStep) {
  const t = encodeURIComponent(token);
  return step === "reason" ? `/s/${t}` : `/s/${t}/${step}`;
}

/**
 * The language the session's pages speak: the link's (or, once opened, the one stored then); on
 * the first view of a link that named none, the browser's Accept-Language when we speak it.
 */
export function effectiveLocale(
  s: Pick<FlowSession, "status" | "locale" | "localeFromLink">,
  acceptLanguage?: string | null,
): Locale {
  const stored: Locale = isLocale(s.locale) ? s.locale : DEFAULT_LOCALE;
  if (s.status !== "created" || s.localeFromLink) return stored;
  return localeFromAcceptLanguage(acceptLanguage) ?? stored;
}

/**
 * Finds the session of a link token; marks it opened on first sight when `open` is set (storing
 * the language the browser asked for when the link named none, so receipts and emails use it).
 */
export async function loadFlow(
  token: string,
  opts: { open?: boolean; now?: Date; acceptLanguage?: string | null } = {},
): Promise<FlowLookup> {
  if (!URL_TOKEN_SHAPE.test(token)) return { kind: "not_found" };
  const session = await db.cancelSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: sessionInclude,
  });
  if (!session) return { kind: "not_found" };
  const branding = brandingOf(session.workspace);
  const now = opts.now ?? new Date();
  if (session.status !== "completed" && (session.status === "expired" || session.expiresAt <= now)) {
    return {
      kind: "expired",
      branding,
      returnUrl: session.returnUrl,
      locale: isLocale(session.locale) ? session.locale : DEFAULT_LOCALE,
    };
  }
  if (opts.open && session.status === "created") {
    const locale = effectiveLocale(session, opts.acceptLanguage);
    const opened = await db.$executeRaw`
      update "CancelSession" set status = 'opened', "openedAt" = ${utc(now)}, locale = ${locale},
        ${timelineAppend([entry("opened", now)])}, "updatedAt" = ${utc(now)}
      where id = ${session.id} and status = 'created'`;
    if (opened) Object.assign(session, { status: "opened", openedAt: now, locale });
  }
  return { kind: "ok", session, branding, step: currentStep(session) };
}

/**
 * Records one page view in one statement: the page with the actions it offered (the compliance
 * record), the session opened on its first view (with the language it is shown in, when the link
 * named none), and the offer shown when this is the offer page.
 */
export async function recordPageView(
  session: FlowSession,
  view: { page: HostedPage; actions: readonly string[]; locale: Locale },
  now = new Date(),
) {
  const shown = entry("page_shown", now, {
    page: view.page,
    locale: view.locale,
    actions: [...view.actions],
  });
  const opened = JSON.stringify([entry("opened", now)]);
  const offerId = view.page === "offer" ? session.offerId : null;
  const offerShown = JSON.stringify(
    offerId
      ? [entry("offer_shown", now, { offerId, type: session.offerType, label: session.offerLabel })]
      : [],
  );
  // Each CASE reads the row as it is when the update runs (a concurrent first view waits for this
  // one and then sees it opened): "opened" and "offer_shown" are appended once.
  await db.$executeRaw`
    update "CancelSession" set
      timeline = timeline
        || case when status = 'created' then ${opened}::jsonb else '[]'::jsonb end
        || case when "offerId" = ${offerId} and "offerShownAt" is null and status in ('created', 'opened')
             then ${offerShown}::jsonb else '[]'::jsonb end
        || ${JSON.stringify([shown])}::jsonb,
      locale = case when status = 'created' and not "localeFromLink" then ${view.locale} else locale end,
      "openedAt" = case when status = 'created' then ${utc(now)} else "openedAt" end,
      "offerShownAt" = case when "offerId" = ${offerId} and "offerShownAt" is null and status in ('created', 'opened')
        then ${utc(now)} else "offerShownAt" end,
      status = case when status = 'created' then 'opened'::"CancelSessionStatus" else status end,
      "updatedAt" = ${utc(now)}
    where id = ${session.id}`;
  if (session.status === "created")
    Object.assign(session, { status: "opened", openedAt: now, locale: view.locale });
  if (offerId && !session.offerShownAt) session.offerShownAt = now;
}

/**
 * Records that the offer page showed the session's offer (once per choice of reason): from then on
 * the offer can be accepted or declined. (The pages do this through recordPageView.)
 */
export async function markOfferShown(session: FlowSession, now = new Date()) {
  if (!session.offerId || session.offerShownAt) return;
  const shown = entry("offer_shown", now, {
    offerId: session.offerId,
    type: session.offerType,
    label: session.offerLabel,
  });
  await db.$executeRaw`
    update "CancelSession" set "offerShownAt" = ${utc(now)}, ${timelineAppend([shown])}, "updatedAt" = ${utc(now)}
    where id = ${session.id} and "offerId" = ${session.offerId} and "offerShownAt" is null
      and status in ('created', 'opened')`;
}

/** The offer's terms text and translations (its label as shown is the session's own), null when gone. */
export function offerTexts(offerId: string) {
  return db.offer.findUnique({
    where: { id: offerId },
    select: { label: true, termsText: true, translations: true },
  });
}

/** A reason's label as the customer reads it (the workspace's reason rows; null when gone). */
export function reasonOf(workspaceId: string, key: string) {
  return db.reason.findUnique({
    where: { workspaceId_key: { workspaceId, key } },
    select: { key: true, label: true, translations: true },
  });
}

export function enabledReasons(workspaceId: string) {
  return db.reason.findMany({
    where: { workspaceId, enabled: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, key: true, label: true, translations: true },
  });
}

/** What de_312k's confirmation page asks (type of termination, identity, the confirmation's address). */
export type TerminationFields = {
  terminationType?: string;
  terminationReason?: string;
  name?: string;
  email?: string;
};

export type FlowAction =
  | { action: "reason"; reasonKey: string; reasonText: string }
  // `months`: the pause length the customer chose (pause offers: 1…maxMonths).
  | { action: "accept"; months?: number }
  | { action: "decline" }
  // Leaves any step for the final confirmation, without a reason (or declining the offer shown).
  | { action: "cancel_now" }
  | { action: "withdraw" }
  | ({ action: "confirm" } & TerminationFields)
  // The optional survey on the receipt page, for a session confirmed without a reason.
  | { action: "survey"; reasonKey: string; reasonText: string };

export type FlowError =
  | "reason"
  | "text"
  | "characters"
  | "order"
  | "months"
  | "email"
  | "name"
  | "termination";

export type FlowOutcome =
  | { kind: "redirect"; to: string }
  | { kind: "not_found" }
  | { kind: "expired" }
  // `order`: the post is not the session's next step; nothing was recorded.
  | { kind: "invalid"; step: FlowStep; error: FlowError };

const outOfOrder = (s: StateFacts): FlowOutcome => ({
  kind: "invalid",
  step: currentStep(s),
  error: "order",
});

export const MAX_NAME = 200;
export const MAX_EMAIL = 254;
// One @, something before it, a dot in the domain, no spaces: what a person can check by eye.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isEmailAddress(value: string) {
  return value.length <= MAX_EMAIL && EMAIL_SHAPE.test(value);
}

type Termination = {
  terminationType: "ordinary" | "extraordinary";
  reasonText: string | null;
  customerName: string | null;
  confirmationEmail: string;
};

/** de_312k's fields checked; the first problem found, else what to store. */
function parseTermination(
  session: FlowSession,
  f: TerminationFields,
): { ok: Termination } | { error: FlowError; keep: Partial<Termination> } {
  const type = f.terminationType ?? "ordinary";
  if (type !== "ordinary" && type !== "extraordinary") return { error: "termination", keep: {} };
  const reason = type === "extraordinary" ? (f.terminationReason ?? "").trim() : "";
  if (reason.length > MAX_REASON_TEXT) return { error: "text", keep: {} };
  const name = (f.name ?? session.customerName ?? "").trim();
  if (name.length > MAX_NAME) return { error: "name", keep: {} };
  if (!isStorableText(reason) || !isStorableText(name)) return { error: "characters", keep: {} };
  const keep = { terminationType: type, reasonText: reason || null, customerName: name || null } as const;
  const email = (f.email ?? "").trim();
  if (!isEmailAddress(email)) {
    // Kept so the page shows what was typed beside its error; completion stores only a valid one.
    const typed = email.length <= MAX_EMAIL && isStorableText(email) ? email : undefined;
    return {
      error: "email",
      keep: { ...keep, ...(typed !== undefined ? { confirmationEmail: typed } : {}) },
    };
  }
  return { ok: { ...keep, confirmationEmail: email } };
}

/**
 * Applies one form post, if it is the session's next step (see flowState); any other post changes
 * nothing and sends the customer back to the step they are on. Every action is safe to repeat: a
 * reload or double click changes nothing twice. Every post is recorded in the timeline ("action":
 * what, from which page, whether it was taken), in the statement the post makes anyway.
 */
export async function applyFlowAction(
  token: string,
  action: FlowAction,
  now = new Date(),
  fromPage?: HostedPage,
): Promise<FlowOutcome> {
  const found = await loadFlow(token, { now });
  if (found.kind !== "ok") return found.kind === "expired" ? { kind: "expired" } : { kind: "not_found" };
  const { session } = found;
  const page = fromPage ?? pageOf(session);
  const act = (accepted: boolean) => entry("action", now, { action: action.action, page, accepted });
  const refuse = async (outcome: FlowOutcome): Promise<FlowOutcome> => {
    await appendTimeline(session.id, [act(false)], now);
    return outcome;
  };
  if (action.action === "survey") return answerSurvey(token, session, action, act, now);
  if (session.status === "completed") return refuse({ kind: "redirect", to: stepPath(token, "done") });
  if (!acceptsAction(session, action.action)) return refuse(outOfOrder(session));

  switch (action.action) {
    case "reason": {
      const reasons = await enabledReasons(session.workspaceId);
      const reason = reasons.find((r) => r.key === action.reasonKey);
      if (!reason) return refuse({ kind: "invalid", step: "reason", error: "reason" });
      const text = action.reasonText.trim();
      if (text.length > MAX_REASON_TEXT) return refuse({ kind: "invalid", step: "reason", error: "text" });
      if (!isStorableText(text)) return refuse({ kind: "invalid", step: "reason", error: "characters" });
      const reasonSelected = entry("reason_selected", now, { reasonKey: reason.key });
      // One offer decision per session: once an offer was shown (or declined), or a variant
      // assigned, a new reason keeps it — going back never shows a second offer or re-rolls a variant.
      if (session.offerShownAt || session.offerAccepted === false || session.experimentId) {
        await db.$executeRaw`
          update "CancelSession" set "reasonKey" = ${reason.key}, "reasonText" = ${text || null},
            ${timelineAppend([act(true), reasonSelected])}, "updatedAt" = ${utc(now)}
          where id = ${session.id} and status in ('created', 'opened')`;
        const next = session.offerId && session.offerAccepted !== false ? "offer" : "confirm";
        return { kind: "redirect", to: stepPath(token, next) };
      }
      const facts = await offerFacts(session, reason.id, now);
      const decision = decideOffer({
        ...facts,
        reasonId: reason.id,
        customer: {
          plan: session.plan,
          mrr: session.mrr === null ? null : Number(session.mrr.toString()),
          tenureDays: session.tenureDays,
        },
        environment: session.environment,
        userId: session.userId,
        eligible: session.eligibleForOffers,
      });
      const { offer, experiment, noOfferReason } = decision;
      const steps = [act(true), reasonSelected];
      if (experiment)
        steps.push(
          entry("variant_assigned", now, { experimentId: experiment.id, variant: experiment.variant }),
        );
      if (noOfferReason) steps.push(entry("no_offer", now, { reason: noOfferReason }));
      const terms = offer ? storedTerms(offer.type, offer.terms) : null;
      await db.$executeRaw`
        update "CancelSession" set "reasonKey" = ${reason.key}, "reasonText" = ${text || null},
          "offerId" = ${offer?.id ?? null}, "offerType" = ${offer?.type ?? null}::"OfferType",
          "offerLabel" = ${offer?.label ?? null}, "offerTerms" = ${terms ? JSON.stringify(terms) : null}::jsonb,
          "offerAccepted" = null, "offerShownAt" = null, "noOfferReason" = ${noOfferReason},
          "experimentId" = ${experiment?.id ?? null}, variant = ${experiment?.variant ?? null},
          ${timelineAppend(steps)}, "updatedAt" = ${utc(now)}
        where id = ${session.id} and status in ('created', 'opened')`;
      return { kind: "redirect", to: stepPath(token, offer ? "offer" : "confirm") };
    }
    case "cancel_now":
    case "withdraw":
      return cancelNow(token, session, act(true), now);
    case "decline": {
      if (session.offerAccepted !== false) {
        // Only the offer that was shown, and only while it still is the session's offer.
        const declined = await db.$executeRaw`
          update "CancelSession" set "offerAccepted" = false,
            ${timelineAppend([act(true), entry("offer_declined", now, { offerId: session.offerId })])}, "updatedAt" = ${utc(now)}
          where id = ${session.id} and status in ('created', 'opened') and "offerId" = ${session.offerId}
            and "offerShownAt" is not null and "offerAccepted" is null`;
        if (!declined) return refuse(await stepNow(token, session.id));
      } else {
        await appendTimeline(session.id, [act(true)], now);
      }
      return { kind: "redirect", to: stepPath(token, "confirm") };
    }
    case "accept": {
      const pause = pauseOf(session);
      if (pause && !validMonths(action.months, pause))
        return refuse({ kind: "invalid", step: "offer", error: "months" });
      return complete(token, session.id, "recovered", now, act, {
        pauseMonths: pause ? action.months : undefined,
      });
    }
    case "confirm": {
      if (flowPathOf(session) !== "de_312k") return complete(token, session.id, "churned", now, act);
      const termination = parseTermination(session, action);
      if ("error" in termination) {
        const k = termination.keep;
        await db.$executeRaw`
          update "CancelSession" set
            "terminationType" = coalesce(${k.terminationType ?? null}, "terminationType"),
            "reasonText" = case when ${k.terminationType ?? null}::text is null then "reasonText" else ${k.reasonText ?? null} end,
            "customerName" = coalesce(${k.customerName ?? null}, "customerName"),
            "confirmationEmail" = coalesce(${k.confirmationEmail ?? null}, "confirmationEmail"),
            ${timelineAppend([act(false)])}, "updatedAt" = ${utc(now)}
          where id = ${session.id} and status in ('created', 'opened')`;
        return { kind: "invalid", step: "reason", error: termination.error };
      }
      return complete(token, session.id, "churned", now, act, { termination: termination.ok });
    }
  }
}

/** A post that names no action the flow knows: recorded as refused, nothing else changes. */
export async function recordUnknownPost(token: string, fromPage?: HostedPage, now = new Date()) {
  const found = await loadFlow(token, { now });
  if (found.kind !== "ok") return;
  const page = fromPage ?? pageOf(found.session);
  await appendTimeline(
    found.session.id,
    [entry("action", now, { action: "unknown", page, accepted: false })],
    now,
  );
}

/** The language of a link's pages outside a page render (the submit route's own page). */
export async function localeOfLink(token: string, acceptLanguage: string | null): Promise<Locale> {
  const found = await loadFlow(token);
  if (found.kind === "ok") return effectiveLocale(found.session, acceptLanguage);
  if (found.kind === "expired") return found.locale;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

/** Appends to the timeline of a session that is not expired (a finished one still records). */
async function appendTimeline(sessionId: string, entries: TimelineEntry[], now: Date) {
  await db.$executeRaw`
    update "CancelSession" set ${timelineAppend(entries)}, "updatedAt" = ${utc(now)}
    where id = ${sessionId} and status <> 'expired'`;
}

/**
 * "Cancel now" (and the withdrawal's first button): straight to the final confirmation. Without
 * a reason yet, the session's reason is "unspecified"; an offer on screen is declined; an offer
 * chosen but never shown is dropped (it was never on the customer's way).
 */
async function cancelNow(
  token: string,
  session: FlowSession,
  act: TimelineEntry,
  now: Date,
): Promise<FlowOutcome> {
  const state = flowState(session);
  const to = { kind: "redirect", to: stepPath(token, "confirm") } as const;
  if (state === "choosing_reason" || state === "starting") {
    await db.$executeRaw`
      update "CancelSession" set "reasonKey" = ${UNSPECIFIED_REASON}, ${timelineAppend([act])}, "updatedAt" = ${utc(now)}
      where id = ${session.id} and status in ('created', 'opened') and "reasonKey" is null`;
  } else if (state === "offer_shown") {
    await db.$executeRaw`
      update "CancelSession" set "offerAccepted" = false,
        ${timelineAppend([act, entry("offer_declined", now, { offerId: session.offerId })])}, "updatedAt" = ${utc(now)}
      where id = ${session.id} and status in ('created', 'opened') and "offerId" = ${session.offerId}
        and "offerAccepted" is null`;
  } else if (state === "offer_pending") {
    await db.$executeRaw`
      update "CancelSession" set "offerId" = null, "offerType" = null, "offerLabel" = null, "offerTerms" = null,
        ${timelineAppend([act])}, "updatedAt" = ${utc(now)}
      where id = ${session.id} and status in ('created', 'opened') and "offerId" = ${session.offerId}
        and "offerShownAt" is null`;
  } else {
    await appendTimeline(session.id, [act], now);
  }
  return to;
}

/**
 * The receipt page's optional survey: a session confirmed without a reason may give one (and a
 * note) afterwards; the event's reason follows. Anything else changes nothing.
 */
async function answerSurvey(
  token: string,
  session: FlowSession,
  action: Extract<FlowAction, { action: "survey" }>,
  act: (accepted: boolean) => TimelineEntry,
  now: Date,
): Promise<FlowOutcome> {
  const done = { kind: "redirect", to: `${stepPath(token, "done")}` } as const;
  const open =
    session.status === "completed" &&
    session.outcome === "churned" &&
    (!session.reasonKey || session.reasonKey === UNSPECIFIED_REASON);
  if (!open) {
    await appendTimeline(session.id, [act(false)], now);
    return done;
  }
  const reason = (await enabledReasons(session.workspaceId)).find((r) => r.key === action.reasonKey);
  const text = action.reasonText.trim();
  const error: FlowError | null = !reason
    ? "reason"
    : text.length > MAX_REASON_TEXT
      ? "text"
      : !isStorableText(text)
        ? "characters"
        : null;
  if (!reason || error) {
    await appendTimeline(session.id, [act(false)], now);
    return { kind: "invalid", step: "done", error: error ?? "reason" };
  }
  const answered = entry("survey_answered", now, { reasonKey: reason.key });
  await db.$transaction([
    db.$executeRaw`
      update "CancelSession" set "reasonKey" = ${reason.key}, "reasonText" = coalesce(${text || null}, "reasonText"),
        ${timelineAppend([act(true), answered])}, "updatedAt" = ${utc(now)}
      where id = ${session.id} and status = 'completed'
        and ("reasonKey" is null or "reasonKey" = ${UNSPECIFIED_REASON})`,
    db.$executeRaw`
      update "CancellationEvent" set "reasonKey" = ${reason.key},
        "reasonText" = coalesce(${text || null}, "reasonText"), "updatedAt" = ${utc(now)}
      where "cancelSessionId" = ${session.id} and "reasonKey" = ${UNSPECIFIED_REASON}`,
  ]);
  return { kind: "redirect", to: `${stepPath(token, "done")}?survey=thanks` };
}

export function resultClaimsOf(
  s: Pick<
    FlowSession,
    | "id"
    | "userId"
    | "environment"
    | "outcome"
    | "reasonKey"
    | "offerType"
    | "offerLabel"
    | "offerAccepted"
    | "offerTerms"
    | "experimentId"
    | "variant"
    | "intent"
  > & {
    workspace: { workspaceKey: string };
  },
): Omit<ResultClaims, "iss" | "iat" | "exp" | "jti"> {
  return {
    aud: s.workspace.workspaceKey,
    sub: s.userId,
    sid: s.id,
    env: s.environment,
    outcome: s.outcome === "recovered" ? "recovered" : "churned",
    reasonKey: s.reasonKey ?? "",
    offer: appliedOffer({
      type: s.offerType,
      label: s.offerLabel ?? "",
      accepted: s.offerAccepted === true,
      terms: s.offerTerms,
    }),
    experiment: s.experimentId && s.variant ? s.experimentId : null,
    variant: s.experimentId && s.variant ? s.variant : null,
    intent: s.intent,
  };
}

/** The session's pause terms, when its offer is a pause with structured terms. */
export function pauseOf(s: Pick<FlowSession, "offerType" | "offerTerms">): PauseTerms | null {
  return s.offerType === "pause" ? (storedTerms("pause", s.offerTerms) as PauseTerms | null) : null;
}

function validMonths(months: number | undefined, pause: PauseTerms): months is number {
  return months !== undefined && Number.isInteger(months) && months >= 1 && months <= pause.maxMonths;
}

type FactRow = {
  experimentId: string | null;
  variants: RunningExperiment["variants"];
  offers: OfferCandidate[];
  inCooldown: boolean;
};

/**
 * Everything the offer decision needs, in one statement: the running experiment whose scope holds
 * the reason (the reason's own before every reason's) with its variants, the enabled offers for
 * the reason or every reason plus the variants' offers, and whether the customer accepted an offer
 * within the workspace's cooldown (the events' (workspace, environment, userId) index).
 */
async function offerFacts(session: FlowSession, reasonId: string, now: Date) {
  const cooldownDays = session.workspace.offerCooldownDays;
  const since = new Date(now.getTime() - cooldownDays * 24 * 60 * 60 * 1000);
  const [row] = await hotQuery<FactRow>(Prisma.sql`
    with exp as (
      select e.id from "Experiment" e
      where e."workspaceId" = ${session.workspaceId} and e.status = 'running'
        and (e."reasonId" = ${reasonId} or e."reasonId" is null)
      order by e."reasonId" is null limit 1
    ), vars as (
      select v.key, v."offerId", v.weight, v.position from "ExperimentVariant" v join exp on v."experimentId" = exp.id
    )
    select (select id from exp) as "experimentId",
      (select coalesce(json_agg(json_build_object('key', key, 'offerId', "offerId", 'weight', weight) order by position), '[]')
         from vars) as variants,
      (select coalesce(json_agg(json_build_object('id', o.id, 'reasonId', o."reasonId", 'type', o.type, 'label', o.label,
           'terms', o.terms, 'targeting', o.targeting, 'position', o.position)), '[]')
         from "Offer" o where o."workspaceId" = ${session.workspaceId} and o.enabled
           and (o."reasonId" = ${reasonId} or o."reasonId" is null or o.id in (select "offerId" from vars))) as offers,
      (${cooldownDays} > 0 and exists (
         select 1 from "CancellationEvent" ce
         where ce."workspaceId" = ${session.workspaceId} and ce.environment = ${session.environment}::"Environment"
           and ce."userId" = ${session.userId} and ce."offerAccepted" and ce."occurredAt" >= ${utc(since)})) as "inCooldown"`);
  const experiment: RunningExperiment | null = row?.experimentId
    ? { id: row.experimentId, variants: row.variants }
    : null;
  return { offers: row?.offers ?? [], experiment, inCooldown: row?.inCooldown ?? false };
}

/** `returnUrl` with the signed result in its fragment, which never reaches servers or Referer headers. */
export function returnUrlWithToken(returnUrl: string, token: string) {
  const url = new URL(returnUrl);
  url.hash = `ci_result_token=${token}`;
  return url.toString();
}

/** How long a finished session's link shows its result; after that it says the link has expired. */
export const FINISHED_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export type FinishedResult =
  | { kind: "result"; returnUrl: string; withToken: boolean }
  | { kind: "link_expired" };

/**
 * What the done page of a finished session shows at `now`. A session has one result token: while
 * it is valid (15 minutes) the way back carries that same token again (its jti, iat and exp, signed
 * with the current secret); after that the page shows the outcome and links back without a token,
 * never minting a new one; 24 h after completion the link has expired.
 */
export async function finishedResult(session: FlowSession, now = new Date()): Promise<FinishedResult> {
  const completedAt = session.completedAt ?? session.resultTokenIssuedAt;
  if (!completedAt || now.getTime() >= completedAt.getTime() + FINISHED_LINK_TTL_MS) {
    return { kind: "link_expired" };
  }
  const issuedAt = session.resultTokenIssuedAt;
  const jti = session.resultTokenJti;
  const exp = issuedAt ? (Math.floor(issuedAt.getTime() / 1000) + RESULT_TOKEN_TTL_SECONDS) * 1000 : 0;
  if (!issuedAt || !jti || now.getTime() >= exp) {
    return { kind: "result", returnUrl: session.returnUrl, withToken: false };
  }
  const secret = await currentSigningSecret(session.workspaceId);
  const { token } = await signResultToken(resultClaimsOf(session), secret, issuedAt, jti);
  return { kind: "result", returnUrl: returnUrlWithToken(session.returnUrl, token), withToken: true };
}

/** Back to the step the session is on now (another tab or request changed it meanwhile). */
async function stepNow(token: string, sessionId: string): Promise<FlowOutcome> {
  const s = await db.cancelSession.findUniqueOrThrow({ where: { id: sessionId } });
  return { kind: "redirect", to: stepPath(token, currentStep(s)) };
}

/**
 * Finishes the session exactly once (row lock): the outcome, the `CancellationEvent` (source
 * hosted), its history and `cancellation.created` outbox row commit together; the customer goes
 * back to the return URL with a signed result.
 */
async function complete(
  token: string,
  sessionId: string,
  outcome: "recovered" | "churned",
  now: Date,
  act: (accepted: boolean) => TimelineEntry,
  opts: { pauseMonths?: number; termination?: Termination } = {},
): Promise<FlowOutcome> {
  const { pauseMonths, termination } = opts;
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "CancelSession" where id = ${sessionId} for update`;
    const s = await tx.cancelSession.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude });
    if (s.status === "completed") return { already: true as const };
    if (s.status === "expired" || s.expiresAt <= now) return { expired: true as const };
    // The order re-checked under the lock: another tab may have changed the reason (and its offer).
    if (!acceptsAction(s, outcome === "recovered" ? "accept" : "confirm")) return { refused: s };

    const accepted = outcome === "recovered";
    // An accepted pause records the months chosen and when billing resumes.
    const pause = accepted ? pauseOf(s) : null;
    if (pause && (pauseMonths === undefined || pauseMonths > pause.maxMonths))
      return { badMonths: true as const };
    const offerTerms = pause && pauseMonths ? acceptedPause(pause, pauseMonths, now) : s.offerTerms;
    const finished = {
      ...s,
      ...termination,
      outcome,
      offerAccepted: s.offerId ? accepted : null,
      offerTerms,
    };
    const { token: jws, jti } = await signResultToken(
      resultClaimsOf(finished),
      await currentSigningSecret(s.workspaceId),
      now,
    );
    // A confirm with an offer comes after its decline (acceptsAction), which recorded it.
    const steps: TimelineEntry[] = [act(true)];
    if (s.offerId && accepted) {
      steps.push(
        entry(
          "offer_accepted",
          now,
          pause ? { offerId: s.offerId, terms: offerTerms } : { offerId: s.offerId },
        ),
      );
    }
    steps.push(entry("completed", now, { outcome }));
    await tx.$executeRaw`
      update "CancelSession" set status = 'completed', outcome = ${outcome}::"Outcome",
        "offerAccepted" = ${finished.offerAccepted}, "offerTerms" = ${offerTerms === null ? null : JSON.stringify(offerTerms)}::jsonb,
        "completedAt" = ${utc(now)}, "resultTokenJti" = ${jti},
        "resultTokenIssuedAt" = ${utc(now)}, ${timelineAppend(steps)}, "updatedAt" = ${utc(now)},
        "terminationType" = ${finished.terminationType}, "reasonText" = ${finished.reasonText},
        "customerName" = ${finished.customerName}, "confirmationEmail" = ${finished.confirmationEmail}
      where id = ${s.id}`;

    const event = await tx.cancellationEvent.create({
      data: {
        id: createId("ce"),
        workspaceId: s.workspaceId,
        environment: s.environment,
        eventId: s.id,
        source: "hosted",
        cancelSessionId: s.id,
        userId: s.userId,
        reasonKey: s.reasonKey ?? UNSPECIFIED_REASON,
        reasonText: finished.reasonText,
        intent: s.intent,
        offerType: s.offerType ?? "none",
        offerAccepted: accepted && Boolean(s.offerId),
        offerLabel: s.offerLabel,
        offerTerms: offerTerms ?? Prisma.DbNull,
        noOfferReason: s.noOfferReason,
        experimentId: s.experimentId,
        variant: s.variant,
        outcome,
        plan: s.plan,
        mrr: s.mrr,
        tenureDays: s.tenureDays,
        occurredAt: now,
        outcomeEffectiveAt: now,
        metadata: s.metadata ?? {},
        createdAt: now,
        updatedAt: now,
        outcomeChanges: {
          create: {
            id: createId("oc"),
            workspaceId: s.workspaceId,
            toOutcome: outcome,
            effectiveAt: now,
            source: "hosted",
            createdAt: now,
          },
        },
      },
      include: { outcomeChanges: true },
    });
    if (outcome === "churned") {
      await tx.$executeRaw(breakEarlierSavesSql({ ...event, at: now, churnedId: event.id }));
    }
    const webhookEventId = await enqueueCancellationWebhook(tx, {
      workspace: s.workspace,
      type: "cancellation.created",
      cancellation: toCancellationResource(event),
      cancellationEventId: event.id,
      cancelSessionId: s.id,
      now,
    });
    return { redirect: returnUrlWithToken(s.returnUrl, jws), webhookEventId };
  });

  if ("expired" in result) return { kind: "expired" };
  if (!("webhookEventId" in result) || result.redirect === undefined) {
    // Not taken (finished meanwhile, refused under the lock): the click is recorded as such.
    await appendTimeline(sessionId, [act(false)], now);
    if ("refused" in result && result.refused) return outOfOrder(result.refused);
    if ("badMonths" in result) return { kind: "invalid", step: "offer", error: "months" };
    return { kind: "redirect", to: stepPath(token, "done") };
  }
  scheduleWebhookDelivery([result.webhookEventId]);
  if (outcome === "recovered") return { kind: "redirect", to: result.redirect };
  // A confirmed cancellation or withdrawal gets its receipt; making or mailing it never fails the
  // customer's confirmation.
  try {
    await issueReceipt(sessionId, now);
  } catch (err) {
    logger.error({ err, sessionId }, "receipt could not be issued");
  }
  return { kind: "redirect", to: stepPath(token, "done") };
}
