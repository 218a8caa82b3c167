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
import { signResultToken } from "./result-token";
import type { ResultClaims } from "./schema";
import { appendTimeline, entry, type TimelineEntry, timelineAppend } from "./timeline";

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
  | { kind: "expired"; branding: Branding };

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

/** The step's path. The token comes decoded from the URL, so it is encoded again for a Location header. */
export function stepPath(token: string, step: FlowStep) {
  const t = encodeURIComponent(token);
  return step === "reason" ? `/s/${t}` : `/s/${t}/${step}`;
}

/** Finds the session of a link token; marks it opened on first sight when `open` is set. */
export async function loadFlow(token: string, opts: { open?: boolean } = {}): Promise<FlowLookup> {
  if (!URL_TOKEN_SHAPE.test(token)) return { kind: "not_found" };
  const session = await db.cancelSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: sessionInclude,
  });
  if (!session) return { kind: "not_found" };
  const branding = brandingOf(session.workspace);
  const now = new Date();
  if (session.status !== "completed" && (session.status === "expired" || session.expiresAt <= now)) {
    return { kind: "expired", branding };
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

/** Records that the offer page was shown (once per offer). */
export async function markOfferShown(session: FlowSession) {
  const timeline = session.timeline as TimelineEntry[];
  const shown = timeline.some((e) => e.step === "offer_shown" && e.data?.offerId === session.offerId);
  if (!shown && session.offerId) {
    await appendTimeline(session.id, [
      entry("offer_shown", new Date(), {
        offerId: session.offerId,
        type: session.offerType,
        label: session.offerLabel,
      }),
    ]);
  }
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
  | { kind: "invalid"; step: FlowStep; error: "reason" | "text" | "characters" };

/** Applies one form post. Every action is safe to repeat: a reload or double click changes nothing twice. */
export async function applyFlowAction(token: string, action: FlowAction): Promise<FlowOutcome> {
  const found = await loadFlow(token);
  if (found.kind !== "ok") return found.kind === "expired" ? { kind: "expired" } : { kind: "not_found" };
  const { session } = found;
  if (session.status === "completed") return { kind: "redirect", to: stepPath(token, "done") };
  const now = new Date();

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
          "offerLabel" = ${offer?.label ?? null}, "offerAccepted" = null,
          ${timelineAppend([entry("reason_selected", now, { reasonKey: reason.key })])}, "updatedAt" = ${utc(now)}
        where id = ${session.id} and status in ('created', 'opened')`;
      return { kind: "redirect", to: stepPath(token, offer ? "offer" : "confirm") };
    }
    case "decline": {
      if (!session.offerId) return { kind: "redirect", to: stepPath(token, currentStep(session)) };
      if (session.offerAccepted !== false) {
        await db.$executeRaw`
          update "CancelSession" set "offerAccepted" = false,
            ${timelineAppend([entry("offer_declined", now, { offerId: session.offerId })])}, "updatedAt" = ${utc(now)}
          where id = ${session.id} and status in ('created', 'opened')`;
      }
      return { kind: "redirect", to: stepPath(token, "confirm") };
    }
    case "accept": {
      if (!session.offerId) return { kind: "redirect", to: stepPath(token, currentStep(session)) };
      return complete(token, session.id, "recovered");
    }
    case "confirm": {
      if (!session.reasonKey) return { kind: "redirect", to: stepPath(token, "reason") };
      return complete(token, session.id, "churned");
    }
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

/** A fresh token for a finished session (the done page, revisited later). */
export async function reissueResult(session: FlowSession): Promise<string> {
  const { token } = await signResultToken(
    resultClaimsOf(session),
    await currentSigningSecret(session.workspaceId),
  );
  return returnUrlWithToken(session.returnUrl, token);
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
): Promise<FlowOutcome> {
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRaw`select id from "CancelSession" where id = ${sessionId} for update`;
    const s = await tx.cancelSession.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude });
    if (s.status === "completed") return { already: true as const };
    if (s.status === "expired" || s.expiresAt <= now) return { expired: true as const };
    // Re-checked under the lock: another tab may have changed the reason to one without an offer.
    if (outcome === "recovered" && !s.offerId) return { stale: true as const };

    const accepted = outcome === "recovered";
    const finished = { ...s, outcome, offerAccepted: s.offerId ? accepted : null };
    const { token: jws, jti } = await signResultToken(
      resultClaimsOf(finished),
      await currentSigningSecret(s.workspaceId),
      now,
    );
    const steps: TimelineEntry[] = [];
    if (s.offerId && accepted) steps.push(entry("offer_accepted", now, { offerId: s.offerId }));
    if (s.offerId && !accepted && s.offerAccepted !== false)
      steps.push(entry("offer_declined", now, { offerId: s.offerId }));
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
    });
    return { redirect: returnUrlWithToken(s.returnUrl, jws), webhookEventId };
  });

  if ("already" in result) return { kind: "redirect", to: stepPath(token, "done") };
  if ("stale" in result) return { kind: "redirect", to: stepPath(token, "confirm") };
  if ("expired" in result) return { kind: "expired" };
  scheduleWebhookDelivery([result.webhookEventId]);
  return { kind: "redirect", to: result.redirect };
}
