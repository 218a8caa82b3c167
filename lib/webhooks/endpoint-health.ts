// An endpoint's health, as its attempts show it: the failure streak (failingSince), 410 Gone and
// 5 days of failures disabling it (its owners emailed), and the circuit breaker's state under a lock
// (circuit.ts). The recorder (record.ts) applies these to each batch it writes.
import { hotQuery, Prisma, utc } from "@/lib/db";
import { logger } from "@/lib/logger";
import { type CircuitState, circuitAfter, describeCircuitChange } from "./circuit";
import { notifyEndpointDisabled } from "./notify";
import type { AttemptRecord } from "./record";

/** Endpoints failing without a single success for this long are disabled and their owners emailed. */
export const DISABLE_AFTER_FAILING_MS = 5 * 86_400_000;

type CircuitRow = {
  id: string;
  consecutiveTimeouts: number;
  circuitOpenedAt: Date | null;
  circuitRetryAt: Date | null;
  circuitOpenings: number;
};

/**
 * Runs the batch's outcomes through each endpoint's circuit (circuit.ts), under a lock on the
 * endpoint rows so that drainers recording at once apply their outcomes one after the other. An
 * attempt that opened the circuit says so in its error. Returns the endpoints now paused, and the
 * records to write.
 */
export async function applyCircuits(
  query: typeof hotQuery,
  batch: AttemptRecord[],
  endpointIds: string[],
  now: Date,
): Promise<{ paused: string[]; recorded: AttemptRecord[] }> {
  const rows = await query<CircuitRow>(Prisma.sql`
    select id, "consecutiveTimeouts", "circuitOpenings",
      "circuitOpenedAt" at time zone 'UTC' as "circuitOpenedAt", "circuitRetryAt" at time zone 'UTC' as "circuitRetryAt"
    from "WebhookEndpoint" where id = any(${endpointIds}::text[]) order by id for update`);
  const states = new Map<string, { state: CircuitState; changed: boolean }>(
    rows.map((r) => [
      r.id,
      {
        state: {
          consecutiveTimeouts: r.consecutiveTimeouts,
          openedAt: r.circuitOpenedAt,
          retryAt: r.circuitRetryAt,
          openings: r.circuitOpenings,
        },
        changed: false,
      },
    ]),
  );
  const paused = new Set<string>();
  const recorded = batch.map((record) => {
    const entry = states.get(record.endpointId);
    if (!entry) return record;
    const { state, change } = circuitAfter(entry.state, record, now);
    if (state !== entry.state) states.set(record.endpointId, { state, changed: true });
    if (change === "closed") paused.delete(record.endpointId);
    const note = describeCircuitChange(change, state);
    if (!note) return record;
    paused.add(record.endpointId);
    return { ...record, error: record.error ? `${record.error}; ${note}` : note };
  });
  const changed = [...states.entries()].filter(([, e]) => e.changed);
  if (changed.length) {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    await query(Prisma.sql`
      update "WebhookEndpoint" e set "consecutiveTimeouts" = c.timeouts, "circuitOpenings" = c.openings,
        "circuitOpenedAt" = c.opened_at at time zone 'UTC', "circuitRetryAt" = c.retry_at at time zone 'UTC'
      from unnest(${changed.map(([id]) => id)}::text[], ${changed.map(([, e]) => e.state.consecutiveTimeouts)}::int[],
        ${changed.map(([, e]) => e.state.openings)}::int[], ${changed.map(([, e]) => iso(e.state.openedAt))}::timestamptz[],
        ${changed.map(([, e]) => iso(e.state.retryAt))}::timestamptz[]) as c(id, timeouts, openings, opened_at, retry_at)
      where e.id = c.id`);
  }
  return { paused: [...paused], recorded };
}

/**
 * A CTE parking the queued deliveries of the endpoints in `cte` (nextAttemptAt = null): nothing is
 * dropped, and claims do not wade through them; enabling the endpoint makes them due again.
 */
export function parkDeliveriesOf(cte: string): Prisma.Sql {
  return Prisma.sql`rb_parked as (
    update "WebhookDelivery" set "nextAttemptAt" = null
    where "endpointId" in (select id from ${Prisma.raw(cte)}) and status in ('pending', 'failed')
  )`;
}

export type EndpointHealth = { healthy: string[]; failing: [string, Date][]; gone: string[] };

export function endpointHealth(batch: AttemptRecord[]): EndpointHealth {
  // Per endpoint, the latest attempt of the batch says whether it is healthy; a failing streak
  // starts at the first failure after its last success.
  const latest = new Map<string, AttemptRecord>();
  const streakStart = new Map<string, Date>();
  for (const r of batch) {
    latest.set(r.endpointId, r);
    if (r.outcome === "succeeded") streakStart.delete(r.endpointId);
    else if (!streakStart.has(r.endpointId)) streakStart.set(r.endpointId, r.sentAt);
  }
  return {
    healthy: [...latest.values()].filter((r) => r.outcome === "succeeded").map((r) => r.endpointId),
    failing: [...streakStart.entries()].filter(([id]) => latest.get(id)?.outcome !== "succeeded"),
    gone: [...new Set(batch.filter((r) => r.gone).map((r) => r.endpointId))],
  };
}

/** 410 Gone disables at once; failing without a success for 5 days disables and emails the owners. */
export async function disableBrokenEndpoints({ failing, gone }: EndpointHealth, now: Date): Promise<void> {
  if (gone.length) {
    const disabled = await hotQuery<{ id: string; workspaceId: string }>(Prisma.sql`
      with rb_disabled as (
        update "WebhookEndpoint" set enabled = false, "disabledReason" = 'The endpoint answered 410 Gone',
          "disabledAt" = ${utc(now)}, "updatedAt" = ${utc(now)}
        where id = any(${gone}::text[]) and enabled
        returning id, "workspaceId"
      ), ${parkDeliveriesOf("rb_disabled")}
      select id, "workspaceId" from rb_disabled`);
    for (const e of disabled) {
      logger.warn(
        { endpointId: e.id, workspaceId: e.workspaceId },
        "webhook endpoint answered 410: disabled",
      );
    }
  }
  if (failing.length) {
    // One drainer wins the conditional update, so owners get one email.
    const disabled = await hotQuery<{ id: string; workspaceId: string; url: string; failingSince: Date }>(
      Prisma.sql`
      with rb_disabled as (
        update "WebhookEndpoint" set enabled = false, "disabledAt" = ${utc(now)}, "updatedAt" = ${utc(now)},
          "disabledReason" = 'Every delivery failed for 5 days (since ' || to_char("failingSince", 'YYYY-MM-DD HH24:MI') || ' UTC)'
        where id = any(${failing.map(([id]) => id)}::text[]) and enabled
          and "failingSince" <= ${utc(new Date(now.getTime() - DISABLE_AFTER_FAILING_MS))}
        returning id, "workspaceId", url, "failingSince"
      ), ${parkDeliveriesOf("rb_disabled")}
      select id, "workspaceId", url, "failingSince" at time zone 'UTC' as "failingSince" from rb_disabled`,
    );
    for (const e of disabled) {
      logger.warn(
        { endpointId: e.id, workspaceId: e.workspaceId },
        "webhook endpoint failing for 5 days: disabled",
      );
      await notifyEndpointDisabled(e).catch((err: unknown) =>
        logger.error({ err, endpointId: e.id }, "could not email the owners about a disabled endpoint"),
      );
    }
  }
}
