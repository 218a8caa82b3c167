// The demo workspace: realistic, read-only data every signed-in user can explore — a buyer's first
// impression. It is made through the same domain functions real traffic goes through (cancel links
// and the hosted flow's steps, the cancellations API's record and outcome update, the webhook
// outbox and attempt recording, weekly issue detection), on the clock passed in, so everything it
// shows agrees: sessions with timelines, outcome history matching outcomes, deliveries (one after a
// retry), a detected issue. Nothing is ever sent: the demo endpoint's attempts are recorded as the
// answers it gave, so no drainer finds anything to deliver. Idempotent.
import { db, type Outcome } from "../lib/db";
import { createCancelLink } from "../lib/domain/cancel-sessions/create-link";
import { applyFlowAction, loadFlow, markOfferShown } from "../lib/domain/cancel-sessions/flow";
import { recordCancellation } from "../lib/domain/cancellations/record-cancellation";
import { updateCancellationOutcome } from "../lib/domain/cancellations/update-outcome";
import { createWorkspace } from "../lib/domain/workspaces/create-workspace";
import { createId } from "../lib/ids";
import { detectWeeklyIssues, issueWindow } from "../lib/jobs/weekly-issues";
import { mulberry32 } from "../lib/prng";
import { claimDue } from "../lib/webhooks/claim";
import { createWebhookEndpoint } from "../lib/webhooks/endpoints";
import { type AttemptRecord, writeAttempts } from "../lib/webhooks/record";

export const DEMO_SLUG = "demo";
const DAY = 86_400_000;
const MINUTE = 60_000;
const RETURN_URL = "https://app.acme-analytics.example/account";
const WEBHOOK_URL = "https://hooks.acme-analytics.example/retentbase";

const REASON_WEIGHTS: [string, number][] = [
  ["too_expensive", 34],
  ["not_using", 22],
  ["missing_features", 16],
  ["switching_competitor", 11],
  ["technical_issues", 7],
  ["temporary", 6],
  ["other", 4],
];
const PLANS: [string, number, number][] = [
  ["starter", 19, 45],
  ["pro", 79, 40],
  ["business", 249, 15],
];
const NOTES: Record<string, string> = {
  too_expensive: "Budget cuts this quarter",
  switching_competitor: "Moving to a tool our new parent company uses",
  missing_features: "We need SSO for the whole team",
  technical_issues: "Dashboards time out on large date ranges",
};

function pick(rand: () => number, items: [string, number][]): string {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r <= 0) return item;
  }
  return items[items.length - 1]![0];
}

/** One customer's cancellation, as the merchant's systems would report it. */
type Cancellation = {
  n: number;
  at: Date;
  environment: "prod" | "sandbox";
  source: "hosted" | "api";
  userId: string;
  reasonKey: string;
  reasonText: string | null;
  plan: string;
  mrr: number;
  tenureDays: number;
  /** Takes an offer when shown one. */
  accepts: boolean;
  /** API events only: no outcome yet, or the customer left the merchant's own flow. */
  pending: boolean;
  abandoned: boolean;
  /** A saved customer who cancels anyway later (the merchant PATCHes the outcome then). */
  churnsLaterAt: Date | null;
};

function cancellations(now: Date): Cancellation[] {
  const rand = mulberry32(20261127);
  const week = issueWindow(now);
  const list: Cancellation[] = [];
  const add = (at: Date, reasonKey: string, n: number) => {
    const environment = n % 14 === 0 ? "sandbox" : "prod";
    const plan = pick(
      rand,
      PLANS.map(([p, , w]) => [p, w]),
    );
    const ageDays = (now.getTime() - at.getTime()) / DAY;
    const accepts = rand() < (reasonKey === "not_using" || reasonKey === "temporary" ? 0.4 : 0.3);
    const laterDays = 20 + Math.floor(rand() * 20);
    list.push({
      n,
      at,
      environment,
      source: environment === "prod" && rand() < 0.55 ? "hosted" : "api",
      userId: `cus_${Math.floor(rand() * 1e9).toString(36)}`,
      reasonKey,
      reasonText: NOTES[reasonKey] && rand() < 0.25 ? NOTES[reasonKey]! : null,
      plan,
      mrr: PLANS.find(([p]) => p === plan)![1],
      tenureDays: Math.floor(rand() * 900),
      accepts,
      pending: ageDays < 3 && rand() < 0.5,
      abandoned: rand() < 0.06,
      churnsLaterAt:
        ageDays > laterDays + 1 && rand() < 0.15 ? new Date(at.getTime() + laterDays * DAY) : null,
    });
  };
  // Twelve weeks of cancellations...
  for (let i = 0; i < 300; i++) {
    add(new Date(now.getTime() - 5 * MINUTE - Math.floor(rand() * 84 * DAY)), pick(rand, REASON_WEIGHTS), i);
  }
  // ...and last week a competitor's launch promotion: the reason spike the weekly job finds.
  for (let i = 0; i < 14; i++) {
    const at = new Date(week.start.getTime() + Math.floor(((i + 0.5) / 14) * 7 * DAY));
    add(at, "switching_competitor", 300 + i);
  }
  return list.sort((a, b) => a.at.getTime() - b.at.getTime());
}

type DemoWorkspace = {
  id: string;
  workspaceKey: string;
  defaultReturnUrl: string | null;
  defaultLocale: string;
  complianceMode: string;
};

/** The customer walks the hosted flow: reason, the offer if there is one, then accept or confirm. */
async function walkHostedFlow(ws: DemoWorkspace, c: Cancellation) {
  const t = (secondsBefore: number) => new Date(c.at.getTime() - secondsBefore * 1000);
  const link = await createCancelLink(
    ws,
    {
      userId: c.userId,
      environment: c.environment,
      eligibleForOffers: true,
      context: { plan: c.plan, mrr: c.mrr, tenureDays: c.tenureDays },
      metadata: { source: "demo" },
    },
    t(190),
  );
  const token = link.url.slice(link.url.lastIndexOf("/s/") + 3);
  await loadFlow(token, { open: true, now: t(180) });
  const chosen = await applyFlowAction(
    token,
    { action: "reason", reasonKey: c.reasonKey, reasonText: c.reasonText ?? "" },
    t(120),
  );
  if (chosen.kind === "redirect" && chosen.to.endsWith("/offer")) {
    const found = await loadFlow(token, { now: t(110) });
    if (found.kind === "ok") await markOfferShown(found.session, t(110));
    // A pause is taken for one month (the shortest every pause offers).
    if (c.accepts) return applyFlowAction(token, { action: "accept", months: 1 }, t(0));
    await applyFlowAction(token, { action: "decline" }, t(60));
  }
  return applyFlowAction(token, { action: "confirm" }, t(0));
}

/** The merchant's own flow reports it through the cancellations API. */
async function recordThroughApi(ws: DemoWorkspace, c: Cancellation) {
  const offerType =
    c.reasonKey === "too_expensive" || c.reasonKey === "missing_features"
      ? "discount"
      : c.reasonKey === "not_using" || c.reasonKey === "temporary"
        ? "pause"
        : "none";
  const accepted = offerType !== "none" && c.accepts;
  const outcome: Outcome | undefined = c.pending
    ? undefined
    : accepted
      ? "recovered"
      : c.abandoned
        ? "abandoned"
        : "churned";
  await recordCancellation(
    ws,
    {
      environment: c.environment,
      eventId: `demo_evt_${String(c.n).padStart(5, "0")}`,
      userId: c.userId,
      reasonKey: c.reasonKey,
      reasonText: c.reasonText,
      outcome,
      offer:
        offerType === "none"
          ? undefined
          : {
              type: offerType,
              accepted,
              label: offerType === "discount" ? "30% off for 3 months" : "Pause for up to 3 months",
              terms: offerType === "discount" ? { percentOff: 30, durationMonths: 3 } : { maxMonths: 3 },
            },
      context: { plan: c.plan, mrr: c.mrr, tenureDays: c.tenureDays },
      occurredAt: c.at.toISOString(),
      metadata: { source: "demo" },
    },
    { now: new Date(c.at.getTime() + 2000) },
  );
}

/**
 * The endpoint's answers, recorded as the drainer records them (claim, then the attempt): every
 * delivery arrived, the first one only on its retry after a 503. Nothing is sent anywhere.
 */
async function recordDeliveries(workspaceId: string, now: Date) {
  const events = await db.webhookEvent.findMany({
    where: { workspaceId },
    select: { id: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  if (events.length === 0) return;
  const sentAt = new Map(events.map((e) => [e.id, new Date(e.createdAt.getTime() + 1200)]));
  // Outcome updates stamp their outbox rows with the wall clock: claim after both.
  const claimAt = new Date(Math.max(now.getTime(), Date.now()) + 1000);
  const record = (
    d: { id: string; attempt: number; endpointId: string; webhookEventId: string },
    at: Date,
    answer: { statusCode: number; excerpt: string },
  ): AttemptRecord => {
    const ok = answer.statusCode < 300;
    return {
      deliveryId: d.id,
      attempt: d.attempt,
      attemptId: createId("dlv"),
      workspaceId,
      endpointId: d.endpointId,
      statusCode: answer.statusCode,
      durationMs: ok ? 140 + (d.id.charCodeAt(5) % 90) : 2100,
      error: ok ? null : `HTTP ${answer.statusCode}`,
      excerpt: answer.excerpt,
      sentAt: at,
      outcome: ok ? "succeeded" : "failed",
      delayMs: ok ? null : 60_000,
      gone: false,
      timedOut: false,
      probe: false,
      circuitDirty: false,
    };
  };
  const ids = events.map((e) => e.id);
  const { rows } = await claimDue({
    limit: ids.length * 2,
    leaseMs: 60_000,
    perEndpoint: ids.length * 2,
    held: [],
    webhookEventIds: ids,
    now: claimAt,
  });
  const created = new Set(
    (
      await db.webhookEvent.findMany({
        where: { workspaceId, type: "cancellation.created" },
        select: { id: true },
      })
    ).map((e) => e.id),
  );
  // The newest cancellation's delivery met a deploy on the merchant's side: 503, then delivered on
  // the retry a minute later (so it is among the recent deliveries the dashboard shows).
  const byTime = rows.sort(
    (a, b) => sentAt.get(b.webhookEventId)!.getTime() - sentAt.get(a.webhookEventId)!.getTime(),
  );
  const first = byTime.find((d) => created.has(d.webhookEventId));
  if (!first) return;
  const rest = byTime.filter((d) => d !== first);
  const firstAt = sentAt.get(first.webhookEventId)!;
  await writeAttempts([record(first, firstAt, { statusCode: 503, excerpt: "Service Unavailable" })], firstAt);
  const ok = { statusCode: 200, excerpt: '{"received":true}' };
  if (rest.length) {
    await writeAttempts(
      rest.map((d) => record(d, sentAt.get(d.webhookEventId)!, ok)),
      claimAt,
    );
  }
  const retryAt = new Date(Math.max(firstAt.getTime() + 61_000, claimAt.getTime() + 61_000));
  const again = await claimDue({
    limit: 1,
    leaseMs: 60_000,
    perEndpoint: 1,
    held: [],
    webhookEventIds: [first.webhookEventId],
    now: retryAt,
  });
  if (again.rows[0])
    await writeAttempts([record(again.rows[0], new Date(firstAt.getTime() + 61_000), ok)], retryAt);
}

/**
 * updateCancellationOutcome takes no clock: it stamps its history row, the event and the outbox
 * rows with the wall clock. The demo's change happened at `at`, so those stamps say so.
 */
async function backdateOutcomeChange(
  workspaceId: string,
  environment: "prod" | "sandbox",
  eventId: string,
  webhookEventId: string | null,
  at: Date,
) {
  const event = await db.cancellationEvent.findUniqueOrThrow({
    where: { workspaceId_environment_eventId: { workspaceId, environment, eventId } },
    select: { id: true, outcomeChanges: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true } } },
  });
  await db.$transaction([
    db.outcomeChange.update({ where: { id: event.outcomeChanges[0]!.id }, data: { createdAt: at } }),
    db.cancellationEvent.update({ where: { id: event.id }, data: { updatedAt: at } }),
    ...(webhookEventId
      ? [
          db.webhookEvent.update({ where: { id: webhookEventId }, data: { createdAt: at } }),
          db.webhookDelivery.updateMany({
            where: { webhookEventId },
            data: { createdAt: at, updatedAt: at, nextAttemptAt: at },
          }),
        ]
      : []),
  ]);
}

async function removeUnfinishedDemos() {
  // A seed that stopped half-way leaves a demo without the final slug; one from before sessions
  // were seeded (no session at all) contradicts itself: both are made again.
  const stale = await db.workspace.findMany({
    where: {
      isDemo: true,
      OR: [{ slug: { not: DEMO_SLUG } }, { slug: DEMO_SLUG, cancelSessions: { none: {} } }],
    },
    select: { id: true },
  });
  for (const { id } of stale) await db.workspace.delete({ where: { id } });
}

export async function seedDemo(now = new Date()): Promise<{ workspaceId: string; created: boolean }> {
  const existing = await db.workspace.findUnique({
    where: { slug: DEMO_SLUG },
    select: { id: true, _count: { select: { cancelSessions: true } } },
  });
  if (existing && existing._count.cancelSessions > 0) return { workspaceId: existing.id, created: false };
  await removeUnfinishedDemos();

  const { workspace } = await createWorkspace({
    name: "Acme Analytics (demo)",
    plan: "advanced",
    isDemo: true,
    returnUrls: [RETURN_URL],
  });
  await db.workspace.update({ where: { id: workspace.id }, data: { brandAccentColor: "#0f766e" } });
  const ws: DemoWorkspace = {
    id: workspace.id,
    workspaceKey: workspace.workspaceKey,
    defaultReturnUrl: RETURN_URL,
    defaultLocale: "en",
    complianceMode: "auto",
  };

  const reasons = await db.reason.findMany({
    where: { workspaceId: ws.id },
    select: { id: true, key: true },
  });
  const reasonId = (key: string) => reasons.find((r) => r.key === key)?.id ?? null;
  await db.offer.createMany({
    data: [
      {
        id: createId("off"),
        workspaceId: ws.id,
        reasonId: reasonId("too_expensive"),
        type: "discount",
        label: "30% off for 3 months",
        terms: { percentOff: 30, durationMonths: 3 },
        termsText: "Applies to your next three invoices.",
        translations: {
          de: { label: "30 % Rabatt für 3 Monate", termsText: "Gilt für Ihre nächsten drei Rechnungen." },
          fr: {
            label: "30 % de remise pendant 3 mois",
            termsText: "S’applique à vos trois prochaines factures.",
          },
          es: {
            label: "30 % de descuento durante 3 meses",
            termsText: "Se aplica a tus tres próximas facturas.",
          },
        },
        targeting: { minMrr: 20 },
      },
      {
        id: createId("off"),
        workspaceId: ws.id,
        reasonId: reasonId("not_using"),
        type: "pause",
        label: "Pause for up to 3 months",
        terms: { maxMonths: 3 },
        termsText: "Keep your data; billing stops while paused.",
        translations: {
          de: {
            label: "Bis zu 3 Monate pausieren",
            termsText: "Ihre Daten bleiben erhalten; während der Pause wird nichts berechnet.",
          },
          fr: {
            label: "Mettre en pause jusqu’à 3 mois",
            termsText: "Vos données sont conservées ; aucune facturation pendant la pause.",
          },
          es: {
            label: "Pausa de hasta 3 meses",
            termsText: "Conservas tus datos; no se factura durante la pausa.",
          },
        },
      },
      {
        id: createId("off"),
        workspaceId: ws.id,
        reasonId: reasonId("temporary"),
        type: "pause",
        label: "Take a 1-month break",
        terms: { maxMonths: 1 },
        translations: {
          de: { label: "Einen Monat Pause machen" },
          fr: { label: "Faire une pause d’un mois" },
          es: { label: "Tomar un mes de descanso" },
        },
      },
      {
        id: createId("off"),
        workspaceId: ws.id,
        reasonId: reasonId("missing_features"),
        type: "discount",
        label: "50% off next month while we ship it",
        terms: { percentOff: 50, durationMonths: 1 },
        translations: {
          de: { label: "50 % Rabatt im nächsten Monat, während wir es bauen" },
          fr: { label: "50 % de remise le mois prochain, le temps de le livrer" },
          es: { label: "50 % de descuento el próximo mes mientras lo lanzamos" },
        },
        targeting: { plans: ["pro", "business"] },
      },
    ],
  });

  // Cancellations and later outcome changes, in the order they happened. The webhook endpoint was
  // added two weeks ago: what happened since then was delivered to it.
  const endpointFrom = new Date(now.getTime() - 14 * DAY);
  // `barrier`: runs alone, after everything before it (an outcome change, the endpoint's creation).
  type Step = { at: Date; run: () => Promise<unknown>; barrier?: boolean };
  const steps: Step[] = [];
  for (const c of cancellations(now)) {
    steps.push({
      at: c.at,
      run: () => (c.source === "hosted" ? walkHostedFlow(ws, c) : recordThroughApi(ws, c)),
    });
    const later = c.churnsLaterAt;
    if (later && later.getTime() < now.getTime()) {
      const eventId = async () =>
        c.source === "api"
          ? `demo_evt_${String(c.n).padStart(5, "0")}`
          : (
              await db.cancelSession.findFirst({
                where: { workspaceId: ws.id, userId: c.userId },
                select: { id: true },
              })
            )?.id;
      steps.push({
        at: later,
        barrier: true,
        run: async () => {
          const id = await eventId();
          const event = id
            ? await db.cancellationEvent.findUnique({
                where: {
                  workspaceId_environment_eventId: {
                    workspaceId: ws.id,
                    environment: c.environment,
                    eventId: id,
                  },
                },
                select: { outcome: true },
              })
            : null;
          // Only saves can be lost again (a paused or discounted customer cancelling after all).
          if (!id || event?.outcome !== "recovered") return;
          const { webhookEventId } = await updateCancellationOutcome(ws, id, {
            environment: c.environment,
            outcome: "churned",
            effectiveAt: later.toISOString(),
            metadata: { note: "Cancelled when the offer ended" },
          });
          await backdateOutcomeChange(ws.id, c.environment, id, webhookEventId, later);
        },
      });
    }
  }
  steps.push({
    at: endpointFrom,
    barrier: true,
    run: async () => {
      const endpoint = await createWebhookEndpoint(
        ws.id,
        { url: WEBHOOK_URL, description: "Acme billing service" },
        // Nothing is looked up or contacted: the demo's host answers as a public address would.
        { resolve: async () => ["93.184.216.34"] },
      );
      await db.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { createdAt: endpointFrom, updatedAt: endpointFrom },
      });
    },
  });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  // Customers act independently: a few at a time between barriers, to keep the seed quick.
  let running: Promise<unknown>[] = [];
  for (const step of steps) {
    if (step.barrier || running.length >= 6) {
      await Promise.all(running);
      running = [];
    }
    if (step.barrier) await step.run();
    else running.push(step.run());
  }
  await Promise.all(running);

  await recordDeliveries(ws.id, now);
  await detectWeeklyIssues({ now, workspaceId: ws.id });
  await db.workspace.update({ where: { id: ws.id }, data: { slug: DEMO_SLUG } });
  return { workspaceId: ws.id, created: true };
}
