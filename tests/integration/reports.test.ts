// Weekly report emails: what a member receives (numbers, issues, link, escaped HTML), who receives
// it, when (the workspace's own Monday 08:00), and that no re-run or concurrent run sends twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as cron } from "@/app/api/cron/reports/route";
import { db, Prisma } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { REPORT_LEASE_MS, REPORT_MAX_ATTEMPTS, reportWeek, sendWeeklyReports } from "@/lib/jobs/reports";
import { apiRequest, createTestWorkspace } from "../helpers/factories";
import { projectRoot } from "../helpers/project-copy";
import { extractLinks, type SmtpCapture, startSmtpCapture } from "../helpers/smtp-capture";

// Monday 15 June 2026, 09:00 UTC: the reported week is 8–14 June.
const NOW = new Date("2026-06-15T09:00:00Z");
const DAY = 86_400_000;
const LONG_AGO = new Date("2026-01-01T00:00:00Z");

const tsx = path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs");

let smtp: SmtpCapture;
let seq = 0;

async function member(
  workspaceId: string,
  email: string,
  weeklyReport: boolean,
  role: "owner" | "member" = "member",
) {
  const user = await db.user.create({ data: { email } });
  await db.membership.create({ data: { workspaceId, userId: user.id, role, weeklyReport } });
}

async function workspace(name: string, timezone = "UTC") {
  const { workspace } = await createTestWorkspace({ name });
  // Created well before the weeks these tests report on.
  await db.workspace.update({ where: { id: workspace.id }, data: { timezone, createdAt: LONG_AGO } });
  return workspace.id;
}

async function seed(
  workspaceId: string,
  from: string,
  days: number,
  spec: {
    count: number;
    outcome: "churned" | "recovered" | null;
    reasonKey?: string;
    mrr?: number;
    environment?: "prod" | "sandbox";
  },
) {
  const now = new Date();
  await db.cancellationEvent.createMany({
    data: Array.from({ length: spec.count }, (_, i) => ({
      id: `ce_rp${++seq}`,
      workspaceId,
      environment: spec.environment ?? "prod",
      eventId: `rp_${seq}`,
      source: "api" as const,
      reasonKey: spec.reasonKey ?? "too_expensive",
      outcome: spec.outcome,
      mrr: new Prisma.Decimal(spec.mrr ?? 10),
      occurredAt: new Date(Date.parse(`${from}T00:00:00Z`) + ((i * days) / spec.count) * DAY + 3_600_000),
      createdAt: now,
      updatedAt: now,
    })),
  });
}

const runs = (workspaceId: string) =>
  db.reportRun.findMany({ where: { workspaceId }, orderBy: { periodStart: "asc" } });
const mailTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

function smtpAt(url: () => string) {
  process.env.SMTP_URL = url();
  resetEnvCache();
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
});
beforeEach(() => smtpAt(() => smtp.url));
afterEach(() => {
  delete process.env.SMTP_URL;
  resetEnvCache();
});
afterAll(async () => {
  await smtp.close();
});

describe("reportWeek", () => {
  it("is the previous Monday–Sunday, due from Monday 08:00 local time", () => {
    expect(reportWeek(new Date("2026-06-15T07:59:00Z"), "UTC")).toMatchObject({ due: false });
    const due = reportWeek(new Date("2026-06-15T08:00:00Z"), "UTC");
    expect(due).toMatchObject({ due: true, timeZone: "UTC" });
    expect(due.periodStart.toISOString()).toBe("2026-06-08T00:00:00.000Z");
    expect(due.periodEnd.toISOString()).toBe("2026-06-15T00:00:00.000Z");
    // Later in the week the same week stays due (a missed hour is caught up).
    expect(reportWeek(new Date("2026-06-20T23:00:00Z"), "UTC").periodStart.toISOString()).toBe(
      "2026-06-08T00:00:00.000Z",
    );
  });

  it("follows the workspace's timezone on both sides of UTC", () => {
    // Auckland is UTC+12 in June: local Monday 08:00 is Sunday 20:00 UTC.
    expect(reportWeek(new Date("2026-06-14T19:59:00Z"), "Pacific/Auckland").due).toBe(false);
    const auckland = reportWeek(new Date("2026-06-14T20:00:00Z"), "Pacific/Auckland");
    expect(auckland.due).toBe(true);
    expect(auckland.periodStart.toISOString().slice(0, 10)).toBe("2026-06-08");
    // Los Angeles is UTC−7: local Monday 08:00 is 15:00 UTC.
    expect(reportWeek(new Date("2026-06-15T14:59:00Z"), "America/Los_Angeles").due).toBe(false);
    expect(reportWeek(new Date("2026-06-15T15:00:00Z"), "America/Los_Angeles").due).toBe(true);
    // An unknown zone is treated as UTC rather than failing the job.
    expect(reportWeek(new Date("2026-06-15T08:00:00Z"), "Mars/Olympus")).toMatchObject({
      due: true,
      timeZone: "UTC",
    });
  });
});

describe("sendWeeklyReports", () => {
  let acme: string;

  beforeAll(async () => {
    acme = await workspace(`Acme <script>alert("x")</script> & Co`);
    // Amounts are shown in the workspace's currency (Settings → General).
    await db.workspace.update({ where: { id: acme }, data: { currency: "EUR" } });
    await db.reason.updateMany({
      where: { workspaceId: acme, key: "too_expensive" },
      data: { label: `<b>Too</b> "pricey"` },
    });
    await member(acme, "owner@acme.example", true, "owner");
    await member(acme, "quiet@acme.example", false);
    await member(acme, "analyst@acme.example", true);
    // Four weeks at a 60 % save rate, then a week at 20 %: the week's issue.
    await seed(acme, "2026-05-11", 28, { count: 60, outcome: "recovered", mrr: 100 });
    await seed(acme, "2026-05-11", 28, { count: 40, outcome: "churned", mrr: 100 });
    await seed(acme, "2026-06-08", 7, { count: 5, outcome: "recovered", mrr: 40 });
    await seed(acme, "2026-06-08", 7, { count: 20, outcome: "churned", mrr: 25.5, reasonKey: "not_using" });
    await seed(acme, "2026-06-08", 7, { count: 2, outcome: null });
    // Sandbox traffic in the same week: never in the report.
    await seed(acme, "2026-06-08", 7, {
      count: 50,
      outcome: "recovered",
      reasonKey: "temporary",
      environment: "sandbox",
    });
    // Next week's first day: outside the period.
    await seed(acme, "2026-06-15", 1, { count: 3, outcome: "churned" });
  });

  it("emails the week's numbers, issues and dashboard link to the members who opted in", async () => {
    const result = await sendWeeklyReports({ now: NOW });
    expect(result).toMatchObject({ sent: 1, failed: 0, emails: 2 });
    expect(mailTo("owner@acme.example")).toHaveLength(1);
    expect(mailTo("analyst@acme.example")).toHaveLength(1);
    expect(mailTo("quiet@acme.example")).toHaveLength(0);
    // One message per member: nobody sees another member's address.
    expect(smtp.messages.every((m) => m.to.length === 1)).toBe(true);

    const mail = mailTo("owner@acme.example")[0]!;
    expect(mail.subject).toBe(
      `Weekly retention report · Acme <script>alert("x")</script> & Co · 8 Jun – 14 Jun 2026`,
    );
    const text = mail.text;
    expect(text).toMatch(/Cancellation attempts\s+27\n/);
    expect(text).toMatch(/Save rate\s+20%\n/);
    expect(text).toMatch(/Recovered\s+5\n/);
    expect(text).toMatch(/Churned\s+20\n/);
    expect(text).toMatch(/Pending\s+2\n/);
    expect(text).toMatch(/MRR saved\s+€200\n/);
    expect(text).toMatch(/MRR lost\s+€510\n/);
    expect(text).toContain(`I'm not using it enough: 20 (74% of attempts, save rate 0%)`);
    expect(text).toContain(`<b>Too</b> "pricey": 7 (26% of attempts, save rate 100%)`);
    expect(text).toContain("[critical] Save rate dropped — 20% this week against 60% in the 4 weeks before");
    expect(text).not.toContain("only need a break"); // the sandbox-only reason
    // The 12-week trend ends with the reported week.
    expect(text).toContain("Save rate, last 12 weeks");
    expect(text).toMatch(/2026-03-23\s+0\s+—/);
    expect(text).toMatch(/2026-06-08\s+27\s+20%\s+████\n/);
    expect(extractLinks(mail)).toEqual(["http://localhost:3000/dashboard"]);

    const html = mail.html;
    expect(html).toContain("Acme &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(html).toContain("&lt;b&gt;Too&lt;/b&gt; &quot;pricey&quot;");
    expect(html).toContain("I&#39;m not using it enough");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>Too</b>");
    expect(html).toContain("Save rate dropped");
    expect(html).toContain('<a href="http://localhost:3000/dashboard"');

    expect(await runs(acme)).toMatchObject([{ kind: "weekly", status: "sent", recipients: 2, error: null }]);
    expect((await runs(acme))[0]!.periodStart.toISOString().slice(0, 10)).toBe("2026-06-08");
  });

  it("never sends a week twice: re-runs later that week, and concurrent runs", async () => {
    const before = smtp.messages.length;
    await sendWeeklyReports({ now: NOW });
    await sendWeeklyReports({ now: new Date(NOW.getTime() + 3 * DAY) });
    expect(smtp.messages.length).toBe(before);

    // The next week, by two runs at once: one of them sends it.
    const nextMonday = new Date(NOW.getTime() + 7 * DAY);
    const [a, b] = await Promise.all([
      sendWeeklyReports({ now: nextMonday }),
      sendWeeklyReports({ now: nextMonday }),
    ]);
    expect(a.sent + b.sent).toBe(1);
    expect(smtp.messages.length).toBe(before + 2);
    expect((await runs(acme)).map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("records a failed run with its error, and retries it when nothing was sent", async () => {
    const week3 = new Date(NOW.getTime() + 14 * DAY);
    smtpAt(() => "smtp://127.0.0.1:9");
    const failed = await sendWeeklyReports({ now: week3 });
    expect(failed).toMatchObject({ sent: 0, failed: 1 });
    const run = (await runs(acme)).at(-1)!;
    expect(run).toMatchObject({ status: "failed", recipients: 0 });
    expect(run.error).toMatch(/ECONNREFUSED|connect/i);

    smtpAt(() => smtp.url);
    const before = smtp.messages.length;
    expect(await sendWeeklyReports({ now: week3 })).toMatchObject({ sent: 1, emails: 2 });
    expect(smtp.messages.length).toBe(before + 2);
    expect((await runs(acme)).at(-1)).toMatchObject({
      status: "sent",
      recipients: 2,
      error: null,
      attempts: 2,
    });
  });

  it("resumes a run that failed part-way for the members it had not reached, never the others", async () => {
    const week4 = new Date(NOW.getTime() + 21 * DAY);
    // The mail server takes the owner's copy and refuses the analyst's.
    const picky = await startSmtpCapture({ refuseIf: (m) => m.to.includes("analyst@acme.example") });
    try {
      smtpAt(() => picky.url);
      expect(await sendWeeklyReports({ now: week4 })).toMatchObject({ sent: 0, failed: 1, emails: 1 });
      expect(picky.messages.map((m) => m.to)).toEqual([["owner@acme.example"]]);
      expect((await runs(acme)).at(-1)).toMatchObject({ status: "failed", recipients: 1 });
    } finally {
      await picky.close();
    }

    smtpAt(() => smtp.url);
    const before = smtp.messages.length;
    expect(await sendWeeklyReports({ now: week4 })).toMatchObject({ sent: 1, emails: 2 });
    expect(smtp.messages.slice(before).map((m) => m.to)).toEqual([["analyst@acme.example"]]);
    const run = (await runs(acme)).at(-1)!;
    expect(run).toMatchObject({ status: "sent", recipients: 2, error: null, attempts: 2 });
    expect(
      await db.reportRecipient.findMany({ where: { runId: run.id }, select: { email: true, status: true } }),
    ).toEqual(
      expect.arrayContaining([
        { email: "owner@acme.example", status: "sent" },
        { email: "analyst@acme.example", status: "sent" },
      ]),
    );
  });

  it(`gives a run up after ${REPORT_MAX_ATTEMPTS} failed attempts`, async () => {
    const week5 = new Date(NOW.getTime() + 28 * DAY);
    smtpAt(() => "smtp://127.0.0.1:9");
    for (let i = 0; i < REPORT_MAX_ATTEMPTS; i++) {
      expect(await sendWeeklyReports({ now: new Date(week5.getTime() + i * 3_600_000) })).toMatchObject({
        failed: 1,
      });
    }
    const last = await sendWeeklyReports({ now: new Date(week5.getTime() + 6 * 3_600_000) });
    expect(last).toMatchObject({ failed: 0, sent: 0, alreadyClaimed: 1 });
    expect((await runs(acme)).at(-1)).toMatchObject({ status: "failed", attempts: REPORT_MAX_ATTEMPTS });
  });
});

describe("a report run killed mid-send", () => {
  it("is taken over once its lease has passed, and sends only to the members it had not reached", async () => {
    const ws = await workspace("Crashy");
    const members = ["first@crashy.example", "second@crashy.example", "third@crashy.example"];
    for (const [i, email] of members.entries()) await member(ws, email, true, i === 0 ? "owner" : "member");
    let stall = true;
    const mail = await startSmtpCapture({ holdIf: (m) => stall && m.to.includes("second@crashy.example") });
    try {
      // A real process, killed with SIGKILL while the mail server holds the second member's copy.
      const child = spawn(process.execPath, [tsx, "tests/integration/fixtures/send-reports.ts"], {
        cwd: projectRoot,
        env: { ...process.env, SMTP_URL: mail.url, REPORT_NOW: NOW.toISOString(), LOG_LEVEL: "silent" },
        stdio: "ignore",
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_, signal) => resolve(signal)),
      );
      const stalled = await mail.waitForHeld(1, 60_000);
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      const crashMail = (to: string) => mail.messages.filter((m) => m.to.includes(to));
      expect(crashMail(members[0]!)).toHaveLength(1);
      expect(crashMail(members[2]!)).toHaveLength(0);
      const [run] = await runs(ws);
      expect(run).toMatchObject({ status: "pending", attempts: 1 });

      // While the dead process's lease lasts, nobody else takes the run.
      stall = false;
      expect(await sendWeeklyReports({ now: new Date(NOW.getTime() + 60_000) })).toMatchObject({
        emails: 0,
      });
      expect(mail.messages.filter((m) => m.to.some((t) => t.endsWith("@crashy.example")))).toHaveLength(1);

      // After it, the next run resumes: the second and third members get theirs, the first not again.
      smtpAt(() => mail.url);
      const resumed = await sendWeeklyReports({ now: new Date(NOW.getTime() + REPORT_LEASE_MS + 60_000) });
      expect(resumed.results.find((r) => r.workspaceId === ws)).toMatchObject({
        status: "sent",
        recipients: 3,
      });
      for (const email of members) expect(crashMail(email), email).toHaveLength(1);
      // The copy that was in flight at the kill is re-sent with the same Message-ID.
      const messageId = (raw: string) => raw.match(/^Message-ID:\s*(\S+)/im)?.[1];
      expect(messageId(crashMail(members[1]!)[0]!.raw)).toBe(messageId(stalled.raw));
      expect((await runs(ws))[0]).toMatchObject({
        status: "sent",
        recipients: 3,
        attempts: 2,
        leaseUntil: null,
      });
    } finally {
      await mail.close();
    }
  });
});

describe("timezones", () => {
  it("a workspace in Pacific/Auckland gets its report once its local Monday morning has come, not before", async () => {
    const nz = await workspace("Kiwi", "Pacific/Auckland");
    await member(nz, "owner@kiwi.example", true, "owner");
    await seed(nz, "2026-06-01", 7, { count: 4, outcome: "recovered" });

    // Sunday 19:30 UTC = Monday 07:30 in Auckland.
    await sendWeeklyReports({ now: new Date("2026-06-07T19:30:00Z") });
    expect(mailTo("owner@kiwi.example")).toHaveLength(0);
    expect(await runs(nz)).toEqual([]);

    // Sunday 20:05 UTC = Monday 08:05 in Auckland: the week of 1–7 June is due.
    await sendWeeklyReports({ now: new Date("2026-06-07T20:05:00Z") });
    const mails = mailTo("owner@kiwi.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("1 Jun – 7 Jun 2026");
    expect(mails[0]!.text).toContain("(Pacific/Auckland)");
    expect(mails[0]!.text).toMatch(/Cancellation attempts\s+4\n/);
    expect((await runs(nz)).map((r) => [r.periodStart.toISOString().slice(0, 10), r.status])).toEqual([
      ["2026-06-01", "sent"],
    ]);
  });

  it("skips workspaces created after the week ended, and demo workspaces", async () => {
    const fresh = (await createTestWorkspace({ name: "Fresh" })).workspace.id;
    await member(fresh, "owner@fresh.example", true, "owner");
    const demo = await workspace("Demo");
    await db.workspace.update({ where: { id: demo }, data: { isDemo: true } });
    await member(demo, "owner@demo.example", true, "owner");
    await sendWeeklyReports({ now: NOW });
    expect(mailTo("owner@fresh.example")).toEqual([]);
    expect(mailTo("owner@demo.example")).toEqual([]);
  });
});

describe("GET /api/cron/reports", () => {
  afterEach(() => {
    delete process.env.CRON_SECRET;
    resetEnvCache();
  });

  it("needs the cron secret, then runs the job", async () => {
    process.env.CRON_SECRET = "cron-secret-for-report-tests";
    resetEnvCache();
    const call = (authorization?: string) =>
      cron(apiRequest("/api/cron/reports", { headers: authorization ? { authorization } : {} }));
    expect((await call()).status).toBe(401);
    // The route reads the real clock: pin it (Date only) to a Monday morning these tests own.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(NOW.getTime() + 70 * DAY) });
    try {
      const res = await call("Bearer cron-secret-for-report-tests");
      expect(res.status).toBe(200);
      // Acme, Kiwi and Crashy are due that week; Fresh did not exist yet, Demo never gets one.
      expect(await res.json()).toMatchObject({ job: "reports", failed: 0, sent: 3 });
    } finally {
      vi.useRealTimers();
    }
  });
});
