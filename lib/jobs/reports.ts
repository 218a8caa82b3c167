// Weekly report emails: once a workspace's local time is past Monday 08:00, its members who opted in
// get the previous Monday–Sunday (in the workspace's timezone) by email. The cron calls this every
// hour; a ReportRun row per (workspace, week) is claimed before anything is sent, so re-runs and
// concurrent runs never send a week twice. Prod data only, like every analytics figure.
import { db } from "@/lib/db";
import { retentionHealth, weeklyTrend } from "@/lib/domain/analytics/queries";
import { reasonLabel, reasonLabels } from "@/lib/domain/cancellations/dashboard-events";
import { sendEmail } from "@/lib/email/send";
import { renderWeeklyReport, type WeeklyReport } from "@/lib/email/weekly-report";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { detectWorkspaceIssues, issuesOfWeek, issueWindow } from "./weekly-issues";

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

/**
 * Claims the (workspace, week) run. Only the caller that inserted the row — or that moved a run
 * which failed before sending to anyone back to pending — may send; everyone else gets null.
 */
async function claimReportRun(workspaceId: string, periodStart: Date): Promise<string | null> {
  const [created] = await db.reportRun.createManyAndReturn({
    data: [{ workspaceId, kind: KIND, periodStart, status: "pending" }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (created) return created.id;
  // One conditional UPDATE: of concurrent retries, one matches `failed`, the others see `pending`.
  const [retried] = await db.reportRun.updateManyAndReturn({
    where: { workspaceId, kind: KIND, periodStart, status: "failed", recipients: 0 },
    data: { status: "pending", error: null },
    select: { id: true },
  });
  return retried?.id ?? null;
}

/** The report's numbers: health and top reasons of the week, the 12-week trend, the week's issues. */
export async function buildWeeklyReport(
  ws: { id: string; name: string },
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

async function sendOne(
  ws: { id: string; name: string },
  week: ReportWeek,
  runId: string,
): Promise<RunResult> {
  const periodStart = isoDay(week.periodStart);
  let recipients = 0;
  try {
    const members = await db.membership.findMany({
      where: { workspaceId: ws.id, weeklyReport: true, user: { email: { not: null } } },
      select: { user: { select: { email: true } } },
      orderBy: { createdAt: "asc" },
    });
    const message = renderWeeklyReport(await buildWeeklyReport(ws, week));
    // One message per member: nobody sees the others' addresses.
    for (const m of members) {
      const { sent } = await sendEmail({ to: m.user.email!, ...message });
      if (sent) recipients++;
    }
    await db.reportRun.update({
      where: { id: runId },
      data: { status: "sent", recipients, sentAt: new Date(), error: null },
    });
    return { workspaceId: ws.id, periodStart, status: "sent", recipients };
  } catch (err) {
    const error = (err as Error).message.slice(0, 1_000);
    logger.error({ err, workspaceId: ws.id, periodStart }, "weekly report failed");
    // Recipients already sent to are kept: such a run is never retried, so nobody gets it twice.
    await db.reportRun.update({ where: { id: runId }, data: { status: "failed", recipients, error } });
    return { workspaceId: ws.id, periodStart, status: "failed", recipients, error };
  }
}

/**
 * Sends every due weekly report: workspaces (not the demo) with at least one member who opted in,
 * whose local time is past Monday 08:00, and whose week has no run yet (or one that failed before
 * sending to anyone). A workspace created after the week ended has nothing to report yet.
 */
export async function sendWeeklyReports(opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const workspaces = await db.workspace.findMany({
    where: { isDemo: false, memberships: { some: { weeklyReport: true, user: { email: { not: null } } } } },
    select: { id: true, name: true, timezone: true, createdAt: true },
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
    const runId = await claimReportRun(ws.id, week.periodStart);
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
