// Reading the issues weekly detection stored (lib/jobs/weekly-issues.ts writes them): the
// dashboard's overview lists the latest, the weekly report the week's.
import { db } from "@/lib/db";

export type IssueKind =
  | "save_rate_drop"
  | "reason_spike"
  | "offer_acceptance_drop"
  | "volume_spike"
  | "webhook_failures"
  | "abandonment_rise";

/** The latest detected issues of a workspace, for the dashboard. */
export async function listDetectedIssues(workspaceId: string, opts: { limit?: number } = {}) {
  const rows = await db.detectedIssue.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(opts.limit ?? 20, 1), 100),
    select: {
      id: true,
      kind: true,
      severity: true,
      weekStart: true,
      title: true,
      evidence: true,
      createdAt: true,
    },
  });
  return rows.map((r) => ({
    ...r,
    weekStart: r.weekStart.toISOString().slice(0, 10),
    kind: r.kind as IssueKind,
  }));
}

/** The issues stored for one week (the weekly report lists them). */
export async function issuesOfWeek(workspaceId: string, weekStart: Date) {
  return db.detectedIssue.findMany({
    where: { workspaceId, weekStart },
    orderBy: [{ severity: "asc" }, { kind: "asc" }, { title: "asc" }],
    select: { kind: true, severity: true, title: true, evidence: true },
  });
}
