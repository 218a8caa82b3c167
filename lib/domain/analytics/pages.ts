// Everything the overview and the analytics page show, read in one call each. Reads only: the
// numbers are exact right after a write without refreshing anything (queries.ts reads "live"), and
// the rollups are refreshed by their job (lib/jobs/rollups.ts), never while a page renders.
import { integrationChecklist } from "@/lib/domain/workspaces/checklist";
import { listDetectedIssues } from "./issues-queries";
import { reasonLabels } from "./labels";
import { markPartialWeeks } from "./partial-week";
import { advancedAnalytics, type Range, retentionHealth, validatedSaves, weeklyTrend } from "./queries";

/**
 * The overview (every plan): setup checklist, retention health with the validated save rate at
 * `now`, the trend (its unfinished week flagged `partial` at `now`), recent issues.
 */
export async function overviewPageData(workspaceId: string, range: Range, now = new Date()) {
  const [steps, health, validated, trend, labels, issues] = await Promise.all([
    integrationChecklist(workspaceId),
    retentionHealth(workspaceId, range),
    validatedSaves(workspaceId, range, now),
    weeklyTrend(workspaceId, range.to),
    reasonLabels(workspaceId),
    listDetectedIssues(workspaceId, { limit: 5 }),
  ]);
  return { steps, health: { ...health, validated }, trend: markPartialWeeks(trend, now), labels, issues };
}

/**
 * Advanced analytics: the breakdowns for the range (and plan), the validated save rate at `now`,
 * the trend (partial week flagged at `now`), reason labels.
 */
export async function analyticsPageData(workspaceId: string, range: Range, now = new Date()) {
  const [analytics, validated, trend, labels] = await Promise.all([
    advancedAnalytics(workspaceId, range),
    validatedSaves(workspaceId, range, now),
    weeklyTrend(workspaceId, range.to),
    reasonLabels(workspaceId),
  ]);
  return { analytics, validated, trend: markPartialWeeks(trend, now), labels };
}
