// The rollups job: folds the events changed since each workspace's last refresh into its daily
// rollups (lib/domain/analytics/rollups.ts). Pages never refresh; they read the rollups plus the
// changed days computed from the events (queries.ts), so they are exact without this job — it
// keeps what they compute small. Run by /api/cron/rollups (every 5 minutes) and `rb cron rollups`.
import { db } from "@/lib/db";
import { refreshRollups, SAFETY_MARGIN_MS } from "@/lib/domain/analytics/rollups";
import { logger } from "@/lib/logger";

/** Workspaces with events changed since their last refresh (all with events, before the first). */
async function workspacesWithChanges(): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `select w.id from "Workspace" w left join "RollupState" s on s."workspaceId" = w.id
     where exists (select 1 from "CancellationEvent" e where e."workspaceId" = w.id
       and e."updatedAt" >= coalesce(s."refreshedUntil" - interval '${SAFETY_MARGIN_MS / 1000} seconds', '-infinity'))
     order by w.id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Refreshes every workspace with changes (or one). A workspace whose refresh another process holds
 * is skipped (that one finishes it); one failing does not stop the others.
 */
export async function refreshAllRollups(opts: { workspaceId?: string } = {}) {
  const ids = opts.workspaceId ? [opts.workspaceId] : await workspacesWithChanges();
  let days = 0;
  let skipped = 0;
  let failed = 0;
  for (const workspaceId of ids) {
    try {
      const r = await refreshRollups(workspaceId);
      days += r.days;
      if (r.skipped) skipped += 1;
    } catch (err) {
      failed += 1;
      logger.error({ err, workspaceId }, "rollup refresh failed for a workspace");
    }
  }
  return { workspaces: ids.length, days, skipped, failed };
}
