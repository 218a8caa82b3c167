// The customer's side of a hosted cancellation: which step they are on, and what each form post
// does. Pages and the form handler under app/(cancel)/s/[token] are thin shells around this.
import { isStorableText } from "@/lib/api/text";
import { db, hotQuery, Prisma, utc } from "@/lib/db";
import { toCancellationResource } from "@/lib/domain/cancellations/resource";
import { breakEarlierSavesSql } from "@/lib/domain/cancellations/save-validity";
import type { OfferCandidate } from "@/lib/domain/reasons-offers/choose-offer";
import { decideOffer, type RunningExperiment } from "@/lib/domain/reasons-offers/decide-offer";
import { acceptedPause, appliedOffer, type PauseTerms, storedTerms } from "@/lib/domain/reasons-offers/terms";
import { DEFAULT_ACCENT } from "@/lib/domain/workspaces/general-schema";
import { currentSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { createId } from "@/lib/ids";
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
    },
  },
} as const;
export type FlowSession = Prisma.CancelSessionGetPayload<{ include: typeof sessionInclude }>;

export type Branding = { name: string; logoUrl: string | null; accentColor: string };

export type FlowLookup =
  | { kind: "ok"; session: FlowSession; branding: Branding; step: FlowStep }
  | { kind: "not_found" }
  // Expired (not unknown): the workspace is known, so the page can show its branding and the way back.
  | { kind: "expired"; branding: Branding; returnUrl: string };

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

/** The furthest step the session has reached. */
export function currentStep(
  s: Pick<FlowSession, "status" | "reasonKey" | "offerId" | "offerAccepted">,
): FlowStep {
  if (s.status === "completed") return "done";
  if (!s.reasonKey) return "reason";
  if (s.offerId && s.offerAccepted !== false) return "offer";
  return "confirm";
}

/** Whether a page of the flow may be shown now; otherwise the page redirects to currentStep. */
export function stepAllowed(
  s: Pick<FlowSession, "status" | "reasonKey" | "offerId" | "offerAccepted">,
  step: FlowStep,
) {
  if (s.status === "completed") return step === "done";
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
 * Where a session stands in the flow's order — reason (with its optional note) → the offer shown →
 * accept or decline → confirm — as far as form posts are concerned.
 */
export type FlowState =
  | "choosing_reason" // no reason yet
  | "offer_pending" // a reason with an offer, which the offer page has not shown yet
  | "offer_shown" // the offer is on screen: accept or decline it
  | "confirming" // a reason without an offer: confirm
  | "offer_declined" // declined: confirm, or still accept it (the confirm page's Back link)
  | "done";

type StateFacts = Pick<FlowSession, "status" | "reasonKey" | "offerId" | "offerAccepted" | "offerShownAt">;

export function flowState(s: StateFacts): FlowState {
  if (s.status === "completed") return "done";
  if (!s.reasonKey) return "choosing_reason";
  if (!s.offerId) return "confirming";
  if (s.offerAccepted === false) return "offer_declined";
  return s.offerShownAt ? "offer_shown" : "offer_pending";
}

/** The posts each state takes. A new reason is going back, possible until the end; repeats are no-ops. */
const ACCEPTS: Record<FlowState, readonly FlowAction["action"][]> = {
  choosing_reason: ["reason"],
  offer_pending: ["reason"],
  offer_shown: ["reason", "accept", "decline"],
  confirming: ["reason", "confirm"],
  offer_declined: ["reason", "accept", "decline", "confirm"],
  done: [],
};

/** Whether a form post is the session's next step (or a harmless repeat of it). */
export function acceptsAction(s: StateFacts, action: FlowAction["action"]): boolean {
  return ACCEPTS[flowState(s)].includes(action);
}

/** The step's path. The token comes decoded from the URL, so it is encoded again for a Location header. */
export function stepPath(token: string, step: FlowStep) {
  const t = encodeURIComponent(token);
  return step === "reason" ? `/s/${t}` : `/s/${t}/${step}`;
}

/** Finds the session of a link token; marks it opened on first sight when `open` is set. */
export async function loadFlow(
  token: string,
  opts: { open?: boolean; now?: Date } = {},
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
    return { kind: "expired", branding, returnUrl: session.returnUrl };
  }
  if (opts.open && session.status === "created") {
    const opened = await db.$executeRaw`
      update "CancelSession" set status = 'opened', "openedAt" = ${utc(now)}, ${timelineAppend([entry("opened", now)])},
        "updatedAt" = ${utc(now)}
      where id = ${session.id} and status = 'created'`;
    if (opened) Object.assign(session, { status: "opened", openedAt: now });
  }
  return { kind: "ok", session, branding, step: currentStep(session) };
}

/**
 * Records that the offer page showed the session's offer (once per choice of reason): from then on
 * the offer can be accepted or declined.
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

export function enabledReasons(workspaceId: string) {
  return db.reason.findMany({
    where: { workspaceId, enabled: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, key: true, label: true },
  });
}

export type FlowAction =
  | { action: "reason"; reasonKey: string; reasonText: string }
  // `months`: the pause length the customer chose (pause offers: 1…maxMonths).
  | { action: "accept"; months?: number }
  | { action: "decline" }
  | { action: "confirm" };

export type FlowOutcome =
  | { kind: "redirect"; to: string }
  | { kind: "not_found" }
  | { kind: "expired" }
  // `order`: the post is not the session's next step; nothing was recorded.
  | { kind: "invalid"; step: FlowStep; error: "reason" | "text" | "characters" | "order" | "months" };

const outOfOrder = (s: StateFacts): FlowOutcome => ({
  kind: "invalid",
  step: currentStep(s),
  error: "order",
});

/**
 * Applies one form post, if it is the session's next step (see flowState); any other post changes
 * nothing and sends the customer back to the step they are on. Every action is safe to repeat: a
 * reload or double click changes nothing twice.
 */
export async function applyFlowAction(
  token: string,
  action: FlowAction,
  now = new Date(),
): Promise<FlowOutcome> {
  const found = await loadFlow(token, { now });
  if (found.kind !== "ok") return found.kind === "expired" ? { kind: "expired" } : { kind: "not_found" };
  const { session } = found;
  if (session.status === "completed") return { kind: "redirect", to: stepPath(token, "done") };
  if (!acceptsAction(session, action.action)) return outOfOrder(session);

  switch (action.action) {
    case "reason": {
      const reasons = await enabledReasons(session.workspaceId);
      const reason = reasons.find((r) => r.key === action.reasonKey);
      if (!reason) return { kind: "invalid", step: "reason", error: "reason" };
      const text = action.reasonText.trim();
      if (text.length > MAX_REASON_TEXT) return { kind: "invalid", step: "reason", error: "text" };
      if (!isStorableText(text)) return { kind: "invalid", step: "reason", error: "characters" };
      const reasonSelected = entry("reason_selected", now, { reasonKey: reason.key });
      // One offer decision per session: once an offer was shown (or declined), or a variant
      // assigned, a new reason keeps it — going back never shows a second offer or re-rolls a variant.
      if (session.offerShownAt || session.offerAccepted === false || session.experimentId) {
        await db.$executeRaw`
          update "CancelSession" set "reasonKey" = ${reason.key}, "reasonText" = ${text || null},
            ${timelineAppend([reasonSelected])}, "updatedAt" = ${utc(now)}
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
      const steps = [reasonSelected];
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
    case "decline": {
      if (session.offerAccepted !== false) {
        // Only the offer that was shown, and only while it still is the session's offer.
        const declined = await db.$executeRaw`
          update "CancelSession" set "offerAccepted" = false,
            ${timelineAppend([entry("offer_declined", now, { offerId: session.offerId })])}, "updatedAt" = ${utc(now)}
          where id = ${session.id} and status in ('created', 'opened') and "offerId" = ${session.offerId}
            and "offerShownAt" is not null and "offerAccepted" is null`;
        if (!declined) return stepNow(token, session.id);
      }
      return { kind: "redirect", to: stepPath(token, "confirm") };
    }
    case "accept": {
      const pause = pauseOf(session);
      if (pause && !validMonths(action.months, pause))
        return { kind: "invalid", step: "offer", error: "months" };
      return complete(token, session.id, "recovered", now, pause ? action.months : undefined);
    }
    case "confirm":
      return complete(token, session.id, "churned", now);
  }
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
  pauseMonths?: number,
): Promise<FlowOutcome> {
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
    const finished = { ...s, outcome, offerAccepted: s.offerId ? accepted : null, offerTerms };
    const { token: jws, jti } = await signResultToken(
      resultClaimsOf(finished),
      await currentSigningSecret(s.workspaceId),
      now,
    );
    // A confirm with an offer comes after its decline (acceptsAction), which recorded it.
    const steps: TimelineEntry[] = [];
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
        "resultTokenIssuedAt" = ${utc(now)}, ${timelineAppend(steps)}, "updatedAt" = ${utc(now)}
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
        reasonKey: s.reasonKey ?? "unspecified",
        reasonText: s.reasonText,
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

  if ("already" in result) return { kind: "redirect", to: stepPath(token, "done") };
  if ("badMonths" in result) return { kind: "invalid", step: "offer", error: "months" };
  if ("refused" in result && result.refused) return outOfOrder(result.refused);
  if ("expired" in result) return { kind: "expired" };
  scheduleWebhookDelivery([result.webhookEventId]);
  return { kind: "redirect", to: result.redirect };
}
