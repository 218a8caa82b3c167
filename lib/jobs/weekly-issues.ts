// Weekly issue detection: the last 7 days of a workspace's prod data against the 4 weeks before
// them (as a per-week average). A finding needs a sample large enough to mean something, a change
// large enough to matter, and — for rates — a change unlikely to be noise (a two-proportion z-test).
// Sandbox traffic never enters: the analytics read prod rollups, webhooks count prod events only.
// Detection only: the dashboard and the report read the stored findings (analytics/issues-queries.ts).
import { db, Prisma, utc } from "@/lib/db";
import type { IssueKind } from "@/lib/domain/analytics/issues-queries";
import { advancedAnalytics, saveRate } from "@/lib/domain/analytics/queries";
import { refreshRollups } from "@/lib/domain/analytics/rollups";
import { reasonLabel, reasonLabels } from "@/lib/domain/cancellations/dashboard-events";
import { logger } from "@/lib/logger";

const DAY_MS = 86_400_000;

/** Weeks before the current one that form the baseline (compared as a per-week average). */
export const BASELINE_WEEKS = 4;
/** Decided events (recovered + churned) needed in the week and in the baseline: below, a rate is noise. */
export const MIN_DECIDED = 20;
/** Events needed in the week and in the baseline before shares and volume are compared. */
export const MIN_EVENTS = 20;
/** Times an offer was shown, in the week and in the baseline, before its acceptance rate is compared. */
export const MIN_OFFER_SHOWN = 20;
/** Hosted-flow events, in the week and in the baseline, before the abandoned share is compared. */
export const MIN_HOSTED = 20;
/** Smallest change of a rate (save, acceptance, share) worth an alert: 10 points. Smaller moves are routine. */
export const MIN_RATE_CHANGE = 0.1;
/** A change this many standard errors wide happens by chance about 5 % of the time. */
export const MIN_Z = 1.96;
/** A reason's share must also grow by half again: +10 points on a 60 % reason is not a spike. */
export const REASON_SPIKE_RATIO = 1.5;
/** Volume spike: the week's events against the baseline's weekly average. */
export const VOLUME_SPIKE_RATIO = 1.5;
/** Consecutive failed attempts on one endpoint (no success since): past a blip, retries are failing too. */
export const WEBHOOK_FAILURE_STREAK = 5;

export type Finding = {
  kind: IssueKind;
  severity: "warning" | "critical";
  title: string;
  evidence: Record<string, unknown>;
};

/** The 7 complete UTC days before `now` and the 4 weeks before them (rollups are per UTC day). */
export function issueWindow(now: Date) {
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const start = new Date(end.getTime() - 7 * DAY_MS);
  const baselineStart = new Date(start.getTime() - BASELINE_WEEKS * 7 * DAY_MS);
  return { start, end, baselineStart };
}
export type IssueWindow = ReturnType<typeof issueWindow>;

const day = (d: Date) => d.toISOString().slice(0, 10);
const round = (v: number | null, digits = 4) => (v === null ? null : Number(v.toFixed(digits)));
const pct = (v: number) => `${Math.round(v * 100)}%`;

/** z of the difference between two proportions (pooled standard error); 0 when undefined. */
export function proportionZ(a: { hits: number; n: number }, b: { hits: number; n: number }): number {
  if (a.n === 0 || b.n === 0) return 0;
  const pooled = (a.hits + b.hits) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  return se === 0 ? 0 : (a.hits / a.n - b.hits / b.n) / se;
}

type Analytics = Awaited<ReturnType<typeof advancedAnalytics>>;

/** A rate change that is large and unlikely to be noise: `direction` -1 for drops, +1 for rises. */
function rateChange(
  current: { hits: number; n: number },
  baseline: { hits: number; n: number },
  direction: 1 | -1,
) {
  const change = current.hits / current.n - baseline.hits / baseline.n;
  const z = proportionZ(current, baseline);
  const significant = direction * change >= MIN_RATE_CHANGE && direction * z >= MIN_Z;
  // Twice the threshold is not a wobble any more.
  const severity: Finding["severity"] = direction * change >= 2 * MIN_RATE_CHANGE ? "critical" : "warning";
  return { significant, change: round(change), z: round(z, 2), severity };
}

/**
 * Compares the week's analytics with the baseline's (pure: the numbers in, the findings out).
 * `labels` turns reason keys into the names merchants gave them.
 */
export function compareWeeks(
  current: Analytics,
  baseline: Analytics,
  labels: Map<string, string>,
): Finding[] {
  const findings: Finding[] = [];
  const weeks = BASELINE_WEEKS;

  // Save rate.
  const cur = current.health;
  const base = baseline.health;
  const curDecided = cur.recovered + cur.churned;
  const baseDecided = base.recovered + base.churned;
  if (curDecided >= MIN_DECIDED && baseDecided >= MIN_DECIDED) {
    const r = rateChange(
      { hits: cur.recovered, n: curDecided },
      { hits: base.recovered, n: baseDecided },
      -1,
    );
    if (r.significant) {
      findings.push({
        kind: "save_rate_drop",
        severity: r.severity,
        title: "Save rate dropped",
        evidence: {
          current: { saveRate: round(saveRate(cur)), recovered: cur.recovered, churned: cur.churned },
          baseline: {
            saveRate: round(saveRate(base)),
            recovered: base.recovered,
            churned: base.churned,
            weeks,
          },
          change: r.change,
          z: r.z,
          summary: `${pct(saveRate(cur)!)} this week against ${pct(saveRate(base)!)} in the ${weeks} weeks before`,
        },
      });
    }
  }

  // Volume: the week against the baseline's weekly average.
  const average = base.events / weeks;
  if (cur.events >= MIN_EVENTS && base.events >= MIN_EVENTS && cur.events >= VOLUME_SPIKE_RATIO * average) {
    // Counts are roughly Poisson: the excess over the average, in standard deviations of it.
    const z = (cur.events - average) / Math.sqrt(average);
    if (z >= MIN_Z) {
      findings.push({
        kind: "volume_spike",
        severity: cur.events >= 2 * VOLUME_SPIKE_RATIO * average ? "critical" : "warning",
        title: "More cancellations than usual",
        evidence: {
          current: { events: cur.events },
          baseline: { events: base.events, weeklyAverage: round(average, 2), weeks },
          ratio: round(cur.events / average, 2),
          z: round(z, 2),
          summary: `${cur.events} cancellations this week against ${Math.round(average)} a week before`,
        },
      });
    }
  }

  // A reason's share of the week's events.
  if (cur.events >= MIN_EVENTS && base.events >= MIN_EVENTS) {
    const baseReasons = new Map(baseline.reasons.map((r) => [r.key, r]));
    for (const r of current.reasons) {
      const b = baseReasons.get(r.key);
      const baseCount = b?.events ?? 0;
      const curShare = r.events / cur.events;
      const baseShare = baseCount / base.events;
      if (curShare < REASON_SPIKE_RATIO * baseShare) continue;
      const c = rateChange({ hits: r.events, n: cur.events }, { hits: baseCount, n: base.events }, 1);
      if (!c.significant) continue;
      const label = reasonLabel(labels, r.key);
      findings.push({
        kind: "reason_spike",
        severity: c.severity,
        title: `Reason spiking: ${label}`,
        evidence: {
          reasonKey: r.key,
          reasonLabel: label,
          current: { events: r.events, of: cur.events, share: round(curShare) },
          baseline: { events: baseCount, of: base.events, share: round(baseShare), weeks },
          change: c.change,
          z: c.z,
          summary: `${pct(curShare)} of cancellations this week against ${pct(baseShare)} before`,
        },
      });
    }
  }

  // Offer acceptance, per offer label.
  const baseOffers = new Map(baseline.offers.map((o) => [`${o.type}\u0000${o.label}`, o]));
  for (const o of current.offers) {
    const b = baseOffers.get(`${o.type}\u0000${o.label}`);
    if (!b || o.shown < MIN_OFFER_SHOWN || b.shown < MIN_OFFER_SHOWN) continue;
    const c = rateChange({ hits: o.accepted, n: o.shown }, { hits: b.accepted, n: b.shown }, -1);
    if (!c.significant) continue;
    const name = o.label || (o.type === "pause" ? "Pause offer" : "Discount offer");
    findings.push({
      kind: "offer_acceptance_drop",
      severity: c.severity,
      title: `Offer acceptance fell: ${name}`,
      evidence: {
        offer: { type: o.type, label: o.label },
        current: { shown: o.shown, accepted: o.accepted, acceptanceRate: round(o.accepted / o.shown) },
        baseline: {
          shown: b.shown,
          accepted: b.accepted,
          acceptanceRate: round(b.accepted / b.shown),
          weeks,
        },
        change: c.change,
        z: c.z,
        summary: `${pct(o.accepted / o.shown)} accepted this week against ${pct(b.accepted / b.shown)} before`,
      },
    });
  }

  // Hosted sessions abandoned: the abandoned share of hosted-flow events.
  const curHosted = current.sources.find((s) => s.key === "hosted");
  const baseHosted = baseline.sources.find((s) => s.key === "hosted");
  if (curHosted && baseHosted && curHosted.events >= MIN_HOSTED && baseHosted.events >= MIN_HOSTED) {
    const c = rateChange(
      { hits: curHosted.abandoned, n: curHosted.events },
      { hits: baseHosted.abandoned, n: baseHosted.events },
      1,
    );
    if (c.significant) {
      findings.push({
        kind: "abandonment_rise",
        severity: c.severity,
        title: "More hosted sessions abandoned",
        evidence: {
          current: {
            abandoned: curHosted.abandoned,
            hostedEvents: curHosted.events,
            share: round(curHosted.abandoned / curHosted.events),
          },
          baseline: {
            abandoned: baseHosted.abandoned,
            hostedEvents: baseHosted.events,
            share: round(baseHosted.abandoned / baseHosted.events),
            weeks,
          },
          change: c.change,
          z: c.z,
          summary: `${pct(curHosted.abandoned / curHosted.events)} of hosted sessions abandoned this week against ${pct(baseHosted.abandoned / baseHosted.events)} before`,
        },
      });
    }
  }
  return findings;
}

type EndpointWeek = {
  endpointId: string;
  url: string;
  enabled: boolean;
  attempts: number;
  failedAttempts: number;
  streak: number;
  lastSuccessAt: Date | null;
  failingDeliveries: number;
  deadDeliveries: number;
};

/** Per endpoint, the week's attempts for prod events: failures, and failures since the last success. */
async function webhookWeek(workspaceId: string, w: IssueWindow): Promise<EndpointWeek[]> {
  const rows = await db.$queryRaw<
    (Omit<EndpointWeek, "attempts" | "failedAttempts" | "streak" | "failingDeliveries" | "deadDeliveries"> & {
      attempts: bigint;
      failedAttempts: bigint;
      streak: bigint;
      failingDeliveries: bigint;
      deadDeliveries: bigint;
    })[]
  >(Prisma.sql`
    with a as (
      select d."endpointId", a."createdAt", coalesce(a."statusCode" between 200 and 299, false) as ok
      from "WebhookAttempt" a
      join "WebhookDelivery" d on d.id = a."deliveryId"
      join "WebhookEvent" ev on ev.id = d."webhookEventId"
      where a."workspaceId" = ${workspaceId} and ev.environment = 'prod'
        and a."createdAt" >= ${utc(w.start)} and a."createdAt" < ${utc(w.end)}
    ),
    last_ok as (select "endpointId", max("createdAt") as at from a where ok group by 1),
    per_endpoint as (
      select a."endpointId", count(*) as attempts, count(*) filter (where not ok) as "failedAttempts",
             count(*) filter (where not ok and (l.at is null or a."createdAt" > l.at)) as streak,
             max(l.at) as "lastSuccessAt"
      from a left join last_ok l using ("endpointId") group by 1
    ),
    deliveries as (
      select d."endpointId", count(*) filter (where d.status = 'failed') as failing,
             count(*) filter (where d.status = 'dead') as dead
      from "WebhookDelivery" d join "WebhookEvent" ev on ev.id = d."webhookEventId"
      where d."workspaceId" = ${workspaceId} and ev.environment = 'prod'
        and d."createdAt" >= ${utc(w.start)} and d."createdAt" < ${utc(w.end)}
        and d.status in ('failed', 'dead')
      group by 1
    )
    select p."endpointId", e.url, e.enabled, p.attempts, p."failedAttempts", p.streak,
           p."lastSuccessAt" at time zone 'UTC' as "lastSuccessAt",
           coalesce(dl.failing, 0) as "failingDeliveries", coalesce(dl.dead, 0) as "deadDeliveries"
    from per_endpoint p
    join "WebhookEndpoint" e on e.id = p."endpointId"
    left join deliveries dl on dl."endpointId" = p."endpointId"`);
  return rows.map((r) => ({
    ...r,
    attempts: Number(r.attempts),
    failedAttempts: Number(r.failedAttempts),
    streak: Number(r.streak),
    failingDeliveries: Number(r.failingDeliveries),
    deadDeliveries: Number(r.deadDeliveries),
  }));
}

export function webhookFindings(endpoints: EndpointWeek[]): Finding[] {
  return endpoints
    .filter((e) => e.streak >= WEBHOOK_FAILURE_STREAK)
    .map((e) => ({
      kind: "webhook_failures" as const,
      severity: e.deadDeliveries > 0 || !e.enabled ? ("critical" as const) : ("warning" as const),
      title: `Webhook deliveries failing: ${e.url}`,
      evidence: {
        endpointId: e.endpointId,
        url: e.url,
        enabled: e.enabled,
        consecutiveFailures: e.streak,
        attempts: e.attempts,
        failedAttempts: e.failedAttempts,
        lastSuccessAt: e.lastSuccessAt?.toISOString() ?? null,
        failingDeliveries: e.failingDeliveries,
        deadDeliveries: e.deadDeliveries,
        summary: `${e.streak} failed attempts in a row${e.deadDeliveries ? `, ${e.deadDeliveries} deliveries given up` : ""}`,
      },
    }));
}

/**
 * Stores findings, one row per (workspace, weekStart, kind, title): a re-run refreshes the
 * evidence (a later run may see more of the week) and never adds a second row.
 */
async function saveFindings(workspaceId: string, weekStart: Date, findings: Finding[]) {
  if (findings.length === 0) return 0;
  const rows = await db.$queryRaw<{ inserted: boolean }[]>(Prisma.sql`
    insert into "DetectedIssue" (id, "workspaceId", kind, severity, "weekStart", title, evidence, "createdAt")
    select gen_random_uuid()::text, ${workspaceId}, f.kind, f.severity, ${day(weekStart)}::date, f.title, f.evidence,
           now() at time zone 'UTC'
    from unnest(${findings.map((f) => f.kind)}::text[], ${findings.map((f) => f.severity)}::text[],
                ${findings.map((f) => f.title)}::text[], ${findings.map((f) => JSON.stringify(f.evidence))}::jsonb[])
      as f(kind, severity, title, evidence)
    on conflict ("workspaceId", "weekStart", kind, title)
      do update set severity = excluded.severity, evidence = excluded.evidence
    returning (xmax = 0) as inserted`);
  return rows.filter((r) => r.inserted).length;
}

/** One workspace: refresh its rollups, compare, store. */
export async function detectWorkspaceIssues(workspaceId: string, w: IssueWindow) {
  await refreshRollups(workspaceId);
  const [current, baseline, labels, endpoints] = await Promise.all([
    advancedAnalytics(workspaceId, { from: w.start, to: w.end }),
    advancedAnalytics(workspaceId, { from: w.baselineStart, to: w.start }),
    reasonLabels(workspaceId),
    webhookWeek(workspaceId, w),
  ]);
  const findings = [...compareWeeks(current, baseline, labels), ...webhookFindings(endpoints)];
  const inserted = await saveFindings(workspaceId, w.start, findings);
  return { findings, inserted };
}

/** Workspaces with prod events in the compared weeks, or webhook attempts in the week. */
async function workspacesWithActivity(w: IssueWindow): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    select w.id from "Workspace" w
    where exists (select 1 from "CancellationEvent" e where e."workspaceId" = w.id and e.environment = 'prod'
                    and e."occurredAt" >= ${utc(w.baselineStart)} and e."occurredAt" < ${utc(w.end)})
       or exists (select 1 from "WebhookAttempt" a where a."workspaceId" = w.id
                    and a."createdAt" >= ${utc(w.start)} and a."createdAt" < ${utc(w.end)})
    order by w.id`;
  return rows.map((r) => r.id);
}

/**
 * Detects the week's issues for every workspace with activity (or one): the week is the 7 complete
 * UTC days before `now`, stored as `weekStart`. Idempotent: re-runs update, never duplicate. One
 * workspace failing does not stop the others.
 */
export async function detectWeeklyIssues(opts: { now?: Date; workspaceId?: string } = {}) {
  const w = issueWindow(opts.now ?? new Date());
  const ids = opts.workspaceId ? [opts.workspaceId] : await workspacesWithActivity(w);
  const results: { workspaceId: string; issues: number; inserted: number; error?: string }[] = [];
  for (const workspaceId of ids) {
    try {
      const { findings, inserted } = await detectWorkspaceIssues(workspaceId, w);
      results.push({ workspaceId, issues: findings.length, inserted });
    } catch (err) {
      logger.error({ err, workspaceId }, "weekly issue detection failed for a workspace");
      results.push({ workspaceId, issues: 0, inserted: 0, error: (err as Error).message });
    }
  }
  return {
    weekStart: day(w.start),
    weekEnd: day(w.end),
    workspaces: results.length,
    issues: results.reduce((n, r) => n + r.issues, 0),
    inserted: results.reduce((n, r) => n + r.inserted, 0),
    failed: results.filter((r) => r.error).length,
    results,
  };
}
