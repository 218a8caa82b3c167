// The weekly report email, as plain text and HTML. Pure: numbers in, message out. Every string a
// merchant typed (workspace name, reason labels, offer labels and webhook URLs inside issue titles)
// goes through escapeHtml in the HTML part.
import { formatAmount } from "@/lib/dashboard/format";
import { escapeHtml } from "./html";

export type WeeklyReport = {
  workspaceName: string;
  timezone: string;
  /** ISO 4217 code of the workspace's amounts (Settings → General). */
  currency: string;
  /** Monday of the reported week, YYYY-MM-DD. */
  periodStart: string;
  /** Sunday of the reported week (inclusive), YYYY-MM-DD. */
  periodEnd: string;
  health: {
    events: number;
    recovered: number;
    churned: number;
    abandoned: number;
    pending: number;
    saveRate: number | null;
    mrrSaved: number;
    mrrLost: number;
    topReasons: { label: string; events: number; share: number; saveRate: number | null }[];
  };
  /** Oldest first; the last entry is the reported week. */
  trend: { weekStart: string; events: number; saveRate: number | null }[];
  issues: { title: string; severity: string; summary: string | null }[];
  dashboardUrl: string;
};

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
const count = (v: number) => v.toLocaleString("en-US");
const dayMonth = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" });
const dayMonthYear = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});
const BAR_WIDTH = 20;

/** "16 Nov – 22 Nov 2026" */
export function periodLabel(start: string, end: string): string {
  return `${dayMonth.format(new Date(`${start}T00:00:00Z`))} – ${dayMonthYear.format(new Date(`${end}T00:00:00Z`))}`;
}

function bar(rate: number | null): string {
  return rate === null ? "" : "█".repeat(Math.round(rate * BAR_WIDTH));
}

export function renderWeeklyReport(r: WeeklyReport): { subject: string; text: string; html: string } {
  const period = periodLabel(r.periodStart, r.periodEnd);
  const h = r.health;
  const subject = `Weekly retention report · ${r.workspaceName} · ${period}`;
  const figures: [string, string][] = [
    ["Cancellation attempts", count(h.events)],
    ["Save rate", pct(h.saveRate)],
    ["Recovered", count(h.recovered)],
    ["Churned", count(h.churned)],
    ["Abandoned", count(h.abandoned)],
    ["Pending", count(h.pending)],
    ["MRR saved", formatAmount(h.mrrSaved, r.currency)],
    ["MRR lost", formatAmount(h.mrrLost, r.currency)],
  ];

  const text = [
    `Weekly retention report for ${r.workspaceName}`,
    `${period} (${r.timezone}), production events only`,
    "",
    ...figures.map(([k, v]) => `${k.padEnd(22)} ${v}`),
    "",
    "Top reasons",
    ...(h.topReasons.length
      ? h.topReasons.map(
          (t) =>
            `  ${t.label}: ${count(t.events)} (${pct(t.share)} of attempts, save rate ${pct(t.saveRate)})`,
        )
      : ["  No cancellations this week."]),
    "",
    "Issues detected this week",
    ...(r.issues.length
      ? r.issues.map((i) => `  [${i.severity}] ${i.title}${i.summary ? ` — ${i.summary}` : ""}`)
      : ["  None."]),
    "",
    "Save rate, last 12 weeks",
    ...r.trend.map((t) =>
      `  ${t.weekStart}  ${count(t.events).padStart(7)}  ${pct(t.saveRate).padStart(4)}  ${bar(t.saveRate)}`.trimEnd(),
    ),
    "",
    `Open your dashboard: ${r.dashboardUrl}`,
    "",
    "You receive this because you turned on the weekly report for this workspace (Settings → Notifications).",
  ].join("\n");

  const cell = "padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left";
  const num = `${cell};text-align:right`;
  const html = `<!doctype html>
<html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;max-width:640px">
<h1 style="font-size:20px">Weekly retention report for ${escapeHtml(r.workspaceName)}</h1>
<p style="color:#4b5563">${escapeHtml(period)} (${escapeHtml(r.timezone)}), production events only</p>
<table style="border-collapse:collapse">
${figures.map(([k, v]) => `<tr><th scope="row" style="${cell}">${k}</th><td style="${num}">${escapeHtml(v)}</td></tr>`).join("\n")}
</table>
<h2 style="font-size:16px">Top reasons</h2>
${
  h.topReasons.length
    ? `<table style="border-collapse:collapse"><tr><th style="${cell}">Reason</th><th style="${num}">Attempts</th><th style="${num}">Share</th><th style="${num}">Save rate</th></tr>
${h.topReasons.map((t) => `<tr><td style="${cell}">${escapeHtml(t.label)}</td><td style="${num}">${count(t.events)}</td><td style="${num}">${pct(t.share)}</td><td style="${num}">${pct(t.saveRate)}</td></tr>`).join("\n")}
</table>`
    : "<p>No cancellations this week.</p>"
}
<h2 style="font-size:16px">Issues detected this week</h2>
${
  r.issues.length
    ? `<ul>${r.issues.map((i) => `<li><strong>${escapeHtml(i.severity)}</strong>: ${escapeHtml(i.title)}${i.summary ? ` — ${escapeHtml(i.summary)}` : ""}</li>`).join("")}</ul>`
    : "<p>None.</p>"
}
<h2 style="font-size:16px">Save rate, last 12 weeks</h2>
<table style="border-collapse:collapse">
<tr><th style="${cell}">Week of</th><th style="${num}">Attempts</th><th style="${num}">Save rate</th><th style="${cell}"></th></tr>
${r.trend
  .map(
    (t) =>
      `<tr><td style="${cell}">${t.weekStart}</td><td style="${num}">${count(t.events)}</td><td style="${num}">${pct(t.saveRate)}</td><td style="${cell}"><div style="background:#4f46e5;height:10px;width:${Math.round((t.saveRate ?? 0) * 120)}px"></div></td></tr>`,
  )
  .join("\n")}
</table>
<p><a href="${escapeHtml(r.dashboardUrl)}" style="color:#4f46e5">Open your dashboard</a></p>
<p style="color:#6b7280;font-size:12px">You receive this because you turned on the weekly report for this workspace (Settings → Notifications).</p>
</body></html>`;
  return { subject, text, html };
}
