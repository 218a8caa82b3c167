// The customer's side of a hosted cancellation: which step they are on, and what each form post
// does. Pages and the form handler under app/(cancel)/s/[token] are thin shells around this.
import { isStorableText } from "@/lib/api/text";
import { db, type Prisma, utc } from "@/lib/db";
import { toCancellationResource } from "@/lib/domain/cancellations/resource";
import { chooseOffer } from "@/lib/domain/reasons-offers/choose-offer";
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
    select: { id: true, name: true, workspaceKey: true, brandLogoUrl: true, brandAccentColor: true },
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
export function brandingOf(ws: FlowSession["workspace"]): Branding {
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
  | { action: "accept" }
  | { action: "decline" }
  | { action: "confirm" };

export type FlowOutcome =
  | { kind: "redirect"; to: string }
  | { kind: "not_found" }
  | { kind: "expired" }
  // `order`: the post is not the session's next step; nothing was recorded.
  | { kind: "invalid"; step: FlowStep; error: "reason" | "text" | "characters" | "order" };

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
      const offers = await db.offer.findMany({
        where: {
          workspaceId: session.workspaceId,
          enabled: true,
          OR: [{ reasonId: reason.id }, { reasonId: null }],
        },
        select: {
          id: true,
          reasonId: true,
          type: true,
          label: true,
          terms: true,
          targeting: true,
          position: true,
        },
      });
      const offer = chooseOffer(offers, reason.id, {
        plan: session.plan,
        mrr: session.mrr === null ? null : Number(session.mrr.toString()),
        tenureDays: session.tenureDays,
      });
      await db.$executeRaw`
        update "CancelSession" set "reasonKey" = ${reason.key}, "reasonText" = ${text || null},
          "offerId" = ${offer?.id ?? null}, "offerType" = ${offer?.type ?? null}::"OfferType",
          "offerLabel" = ${offer?.label ?? null}, "offerAccepted" = null, "offerShownAt" = null,
          ${timelineAppend([entry("reason_selected", now, { reasonKey: reason.key })])}, "updatedAt" = ${utc(now)}
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
    case "accept":
      return complete(token, session.id, "recovered", now);
    case "confirm":
      return complete(token, session.id, "churned", now);
  }
}

export function resultClaimsOf(
  s: Pick<
    FlowSession,
    "id" | "userId" | "environment" | "outcome" | "reasonKey" | "offerType" | "offerLabel" | "offerAccepted"
  > & {
    workspace: { workspaceKey: string };
  },
): Omit<ResultClaims, "iss" | "iat" | "exp" | "jti"> {
  const offer =
    s.offerType && s.offerType !== "none"
      ? { type: s.offerType, label: s.offerLabel ?? "", accepted: s.offerAccepted === true }
      : null;
  return {
    aud: s.workspace.workspaceKey,
    sub: s.userId,
    sid: s.id,
    env: s.environment,
    outcome: s.outcome === "recovered" ? "recovered" : "churned",
    reasonKey: s.reasonKey ?? "",
    offer,
  };
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
): Promise<FlowOutcome> {
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "CancelSession" where id = ${sessionId} for update`;
    const s = await tx.cancelSession.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude });
    if (s.status === "completed") return { already: true as const };
    if (s.status === "expired" || s.expiresAt <= now) return { expired: true as const };
    // The order re-checked under the lock: another tab may have changed the reason (and its offer).
    if (!acceptsAction(s, outcome === "recovered" ? "accept" : "confirm")) return { refused: s };

    const accepted = outcome === "recovered";
    const finished = { ...s, outcome, offerAccepted: s.offerId ? accepted : null };
    const { token: jws, jti } = await signResultToken(
      resultClaimsOf(finished),
      await currentSigningSecret(s.workspaceId),
      now,
    );
    // A confirm with an offer comes after its decline (acceptsAction), which recorded it.
    const steps: TimelineEntry[] = [];
    if (s.offerId && accepted) steps.push(entry("offer_accepted", now, { offerId: s.offerId }));
    steps.push(entry("completed", now, { outcome }));
    await tx.$executeRaw`
      update "CancelSession" set status = 'completed', outcome = ${outcome}::"Outcome",
        "offerAccepted" = ${finished.offerAccepted}, "completedAt" = ${utc(now)}, "resultTokenJti" = ${jti},
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
  if ("refused" in result && result.refused) return outOfOrder(result.refused);
  if ("expired" in result) return { kind: "expired" };
  scheduleWebhookDelivery([result.webhookEventId]);
  return { kind: "redirect", to: result.redirect };
}
