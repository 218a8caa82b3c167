// Weekly report emails: once a workspace's local time is past Monday 08:00, its members who opted in
// get the previous Monday–Sunday (in the workspace's timezone) by email. The cron calls this every
// hour; a ReportRun row per (workspace, week) is claimed before anything is sent, so re-runs and
// concurrent runs never send a week twice, and each member's copy is recorded (ReportRecipient), so
// a run that failed or crashed half-way is resumed for the others only. Prod data only, like every
// analytics figure.
import { db } from "@/lib/db";
import { issuesOfWeek } from "@/lib/domain/analytics/issues-queries";
import { retentionHealth, weeklyTrend } from "@/lib/domain/analytics/queries";
import { reasonLabel, reasonLabels } from "@/lib/domain/cancellations/dashboard-events";
import { sendEmail } from "@/lib/email/send";
import { renderWeeklyReport, type WeeklyReport } from "@/lib/email/weekly-report";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { detectWorkspaceIssues, issueWindow } from "./weekly-issues";

const DAY_MS = 86_400_000;
/** Local hour on Monday from which the previous week's report is due. */
export const REPORT_HOUR = 8;
export const TREND_WEEKS = 12;
const KIND = "weekly";

function localDateHour(now: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)),
    hour: Number(parts.hour),
  };
}

/**
 * The week a report sent at `now` covers in `timeZone`: the Monday–Sunday before the current local
 * week, as dates (UTC midnights: `periodEnd` is the exclusive Monday). `due` once the local time is
 * past Monday 08:00. An unknown timezone falls back to UTC.
 */
export function reportWeek(now: Date, timeZone: string) {
  let local: ReturnType<typeof localDateHour>;
  let zone = timeZone;
  try {
    local = localDateHour(now, timeZone);
  } catch {
    logger.warn({ timeZone }, "unknown workspace timezone: weekly report uses UTC");
    zone = "UTC";
    local = localDateHour(now, zone);
  }
  const sinceMonday = (new Date(local.date).getUTCDay() + 6) % 7;
  const monday = local.date - sinceMonday * DAY_MS;
  return {
    timeZone: zone,
    periodStart: new Date(monday - 7 * DAY_MS),
    periodEnd: new Date(monday),
    due: sinceMonday > 0 || local.hour >= REPORT_HOUR,
  };
}
type ReportWeek = ReturnType<typeof reportWeek>;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** How long a claimed run is its claimer's: past it, the claimer is taken to have died. */
export const REPORT_LEASE_MS = 15 * 60_000;
/** A run that keeps failing (say, SMTP refuses) is given up after this many attempts. */
export const REPORT_MAX_ATTEMPTS = 5;

/**
 * Claims the (workspace, week) run: the caller that inserts the row, or the one that takes over a
 * run that failed or whose claimer's lease has passed (it crashed mid-send), may send; everyone
 * else gets null. One conditional UPDATE: of concurrent takers, one matches, the others see its lease.
 */
async function claimReportRun(workspaceId: string, periodStart: Date, now: Date): Promise<string | null> {
  const leaseUntil = new Date(now.getTime() + REPORT_LEASE_MS);
  const [created] = await db.reportRun.createManyAndReturn({
    data: [{ workspaceId, kind: KIND, periodStart, status: "pending", leaseUntil, attempts: 1 }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (created) return created.id;
  const [resumed] = await db.reportRun.updateManyAndReturn({
    where: {
      workspaceId,
      kind: KIND,
      periodStart,
      attempts: { lt: REPORT_MAX_ATTEMPTS },
      OR: [
        { status: "failed" },
        { status: "pending", OR: [{ leaseUntil: { lt: now } }, { leaseUntil: null }] },
      ],
    },
    data: { status: "pending", error: null, leaseUntil, attempts: { increment: 1 } },
    select: { id: true },
  });
  return resumed?.id ?? null;
}

/** The report's numbers: health and top reasons of the week, the 12-week trend, the week's issues. */
export async function buildWeeklyReport(
  ws: { id: string; name: string; currency: string },
  week: Pick<ReportWeek, "periodStart" | "periodEnd" | "timeZone">,
): Promise<WeeklyReport> {
  // Detect the week's issues now: east of UTC, local Monday 08:00 comes before the Monday cron.
  // This also refreshes the rollups; a re-run only updates the same rows.
  await detectWorkspaceIssues(ws.id, issueWindow(week.periodEnd));
  const range = { from: week.periodStart, to: week.periodEnd };
  const [health, trend, labels, issues] = await Promise.all([
    retentionHealth(ws.id, range),
    weeklyTrend(ws.id, week.periodEnd, TREND_WEEKS),
    reasonLabels(ws.id),
    issuesOfWeek(ws.id, week.periodStart),
  ]);
  return {
    workspaceName: ws.name,
    timezone: week.timeZone,
    currency: ws.currency,
    periodStart: isoDay(week.periodStart),
    periodEnd: isoDay(new Date(week.periodEnd.getTime() - DAY_MS)),
    health: {
      ...health,
      topReasons: health.topReasons.map((r) => ({
        label: reasonLabel(labels, r.key),
        events: r.events,
        share: r.share,
        saveRate: r.saveRate,
      })),
    },
    trend: trend.map((t) => ({ weekStart: t.weekStart, events: t.events, saveRate: t.saveRate })),
    issues: issues.map((i) => {
      const summary = (i.evidence as { summary?: unknown } | null)?.summary;
      return { title: i.title, severity: i.severity, summary: typeof summary === "string" ? summary : null };
    }),
    dashboardUrl: new URL("/dashboard", env().APP_URL).toString(),
  };
}

type RunResult = {
  workspaceId: string;
  periodStart: string;
  status: "sent" | "failed";
  recipients: number;
  error?: string;
};

/** Stable per run and member: a copy re-sent after a crash carries the same Message-ID as the first. */
const reportMessageId = (runId: string, userId: string) => `<report-${runId}-${userId}@retentbase>`;

async function sendOne(
  ws: { id: string; name: string; currency: string },
  week: ReportWeek,
  runId: string,
): Promise<RunResult> {
  const periodStart = isoDay(week.periodStart);
  const sentCount = () => db.reportRecipient.count({ where: { runId, status: "sent" } });
  try {
    const [members, done] = await Promise.all([
      db.membership.findMany({
        where: { workspaceId: ws.id, weeklyReport: true, user: { email: { not: null } } },
        select: { userId: true, user: { select: { email: true } } },
        orderBy: { createdAt: "asc" },
      }),
      db.reportRecipient.findMany({
        where: { runId, status: { in: ["sent", "logged"] } },
        select: { userId: true },
      }),
    ]);
    const alreadySent = new Set(done.map((r) => r.userId));
    const pending = members.filter((m) => !alreadySent.has(m.userId));
    const message = pending.length ? renderWeeklyReport(await buildWeeklyReport(ws, week)) : null;
    // One message per member: nobody sees the others' addresses. Each copy is recorded before it
    // goes out and marked after, so a resumed run skips it; one that was in flight when the process
    // died is sent again (at least once, with the same Message-ID).
    for (const m of pending) {
      const email = m.user.email!;
      await db.reportRecipient.createMany({
        data: [{ workspaceId: ws.id, runId, userId: m.userId, email }],
        skipDuplicates: true,
      });
      const messageId = reportMessageId(runId, m.userId);
      const { sent } = await sendEmail({ to: email, messageId, ...message! });
      await db.reportRecipient.update({
        where: { runId_userId: { runId, userId: m.userId } },
        data: { status: sent ? "sent" : "logged", messageId: sent ? messageId : null, sentAt: new Date() },
      });
    }
    const recipients = await sentCount();
    await db.reportRun.update({
      where: { id: runId },
      data: { status: "sent", recipients, sentAt: new Date(), error: null, leaseUntil: null },
    });
    return { workspaceId: ws.id, periodStart, status: "sent", recipients };
  } catch (err) {
    const error = (err as Error).message.slice(0, 1_000);
    logger.error({ err, workspaceId: ws.id, periodStart }, "weekly report failed");
    // The next run resumes it for the members not reached yet.
    const recipients = await sentCount().catch(() => 0);
    await db.reportRun.update({
      where: { id: runId },
      data: { status: "failed", recipients, error, leaseUntil: null },
    });
    return { workspaceId: ws.id, periodStart, status: "failed", recipients, error };
  }
}

/**
 * Sends every due weekly report: workspaces (not the demo) with at least one member who opted in,
 * whose local time is past Monday 08:00, and whose week has no run yet — or one that failed, or
 * whose claimer died, which is resumed for the members it has not reached (at most
 * REPORT_MAX_ATTEMPTS times). A workspace created after the week ended has nothing to report yet.
 */
export async function sendWeeklyReports(opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const workspaces = await db.workspace.findMany({
    where: { isDemo: false, memberships: { some: { weeklyReport: true, user: { email: { not: null } } } } },
    select: { id: true, name: true, timezone: true, currency: true, createdAt: true },
    orderBy: { id: "asc" },
  });
  const results: RunResult[] = [];
  let notDue = 0;
  let alreadyClaimed = 0;
  for (const ws of workspaces) {
    const week = reportWeek(now, ws.timezone);
    if (!week.due || ws.createdAt >= week.periodEnd) {
      notDue++;
      continue;
    }
    const runId = await claimReportRun(ws.id, week.periodStart, now);
    if (!runId) {
      alreadyClaimed++;
      continue;
    }
    results.push(await sendOne(ws, week, runId));
  }
  return {
    candidates: workspaces.length,
    notDue,
    alreadyClaimed,
    sent: results.filter((r) => r.status === "sent").length,
    failed: results.filter((r) => r.status === "failed").length,
    emails: results.reduce((n, r) => n + r.recipients, 0),
    results,
  };
}
