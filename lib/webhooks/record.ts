// Recording attempts: the WebhookAttempt rows, each delivery's new state, and the endpoint's health
// (failure streak, 410 and 5-day disabling, the circuit breaker), written in batches.
import { hotQuery, hotTransaction, Prisma, utc } from "@/lib/db";
import { logger } from "@/lib/logger";
import { type CircuitState, circuitAfter, describeCircuitChange } from "./circuit";
import { notifyEndpointDisabled } from "./notify";

/** Endpoints failing without a single success for this long are disabled and their owners emailed. */
export const DISABLE_AFTER_FAILING_MS = 5 * 86_400_000;

export type AttemptRecord = {
  deliveryId: string;
  attempt: number;
  attemptId: string;
  workspaceId: string;
  endpointId: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  excerpt: string | null;
  sentAt: Date;
  outcome: "succeeded" | "failed" | "dead";
  delayMs: number | null;
  gone: boolean;
  /** Accepted connection, no answer within the timeout: what the circuit breaker counts. */
  timedOut: boolean;
  /** See Claimed. */
  probe: boolean;
  circuitDirty: boolean;
};

/** What a written batch changed that the drainer acts on at once. */
export type WriteResult = { pausedEndpointIds: string[] };

/** The statement writing a batch's attempts and deliveries, and the endpoints' failure streaks. */
function attemptsStatement(batch: AttemptRecord[], now: Date): Prisma.Sql {
  const health = endpointHealth(batch);
  const col = <K extends keyof AttemptRecord>(k: K) => batch.map((r) => r[k]);
  // Each delivery's new state only while the row still carries this claim's attempt number: a claim
  // whose lease expired and was taken over must not overwrite the newer one.
  return Prisma.sql`
    with r as (
      select * from unnest(
        ${col("deliveryId")}::text[], ${col("attempt")}::int[], ${col("attemptId")}::text[],
        ${col("workspaceId")}::text[], ${col("statusCode")}::int[], ${col("durationMs")}::int[],
        ${col("error")}::text[], ${col("excerpt")}::text[], ${batch.map((r) => r.sentAt.toISOString())}::timestamptz[],
        ${col("outcome")}::text[], ${col("delayMs")}::bigint[]
      ) as r(delivery_id, attempt, attempt_id, workspace_id, status_code, duration_ms, error, excerpt, sent_at, outcome, delay_ms)
    ),
    rb_attempts as (
      insert into "WebhookAttempt" (id, "deliveryId", "workspaceId", "attemptNumber", "statusCode", "durationMs",
        error, "responseExcerpt", "createdAt")
      select r.attempt_id, r.delivery_id, r.workspace_id, r.attempt, r.status_code, r.duration_ms, r.error, r.excerpt,
             r.sent_at at time zone 'UTC'
      from r join "WebhookDelivery" d on d.id = r.delivery_id
    ),
    rb_deliveries as (
      update "WebhookDelivery" d set
        status = r.outcome::"DeliveryStatus",
        "nextAttemptAt" = case when r.outcome = 'failed'
          then ${utc(now)} + r.delay_ms * interval '1 millisecond' end,
        "lockedUntil" = null,
        "lastStatusCode" = r.status_code,
        "lastError" = r.error,
        "deliveredAt" = case when r.outcome = 'succeeded'
          then (r.sent_at at time zone 'UTC') + r.duration_ms * interval '1 millisecond' else d."deliveredAt" end,
        "updatedAt" = ${utc(now)}
      from r where d.id = r.delivery_id and d."attemptCount" = r.attempt
    ),
    rb_healthy as (
      update "WebhookEndpoint" set "failingSince" = null
      where id = any(${health.healthy}::text[]) and "failingSince" is not null
    ),
    rb_failing as (
      update "WebhookEndpoint" e set "failingSince" = f.since at time zone 'UTC'
      from unnest(${health.failing.map(([id]) => id)}::text[], ${health.failing.map(([, at]) => at.toISOString())}::timestamptz[])
        as f(id, since)
      where e.id = f.id and e."failingSince" is null
    )
    select 1`;
}

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
async function applyCircuits(
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
 * Writes a batch of attempts. Most batches are one statement; only when an endpoint's circuit may
 * change (a timeout, a probe, or timeouts already counted) does it take a transaction that locks
 * those endpoints first. Then the 410 / 5-day checks.
 */
export async function writeAttempts(batch: AttemptRecord[]): Promise<WriteResult> {
  const now = new Date();
  let pausedEndpointIds: string[] = [];
  if (!batch.some((r) => r.timedOut || r.probe || r.circuitDirty)) {
    await hotQuery(attemptsStatement(batch, now));
  } else {
    // All the batch's endpoints, locked in id order: the statement below updates them too.
    const endpointIds = [...new Set(batch.map((r) => r.endpointId))];
    await hotTransaction(async (query) => {
      const { paused, recorded } = await applyCircuits(query, batch, endpointIds, now);
      await query(attemptsStatement(recorded, now));
      pausedEndpointIds = paused;
    });
  }
  await disableBrokenEndpoints(endpointHealth(batch), now);
  return { pausedEndpointIds };
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

type EndpointHealth = { healthy: string[]; failing: [string, Date][]; gone: string[] };

function endpointHealth(batch: AttemptRecord[]): EndpointHealth {
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
async function disableBrokenEndpoints({ failing, gone }: EndpointHealth, now: Date): Promise<void> {
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

/**
 * Writes attempt records in batches, one write at a time, in order. A write starts once `target`
 * records are waiting, `maxDelayMs` after the first one, or at once when the drainer hurries it
 * (its senders are held back until records are durable); what arrives while a write runs goes in
 * the next one. `onWritten` runs after each batch is durable — or was given up on — so the
 * drainer's count of sent-but-unrecorded attempts stays exact.
 */
export class AttemptRecorder {
  private buffer: AttemptRecord[] = [];
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onWritten: (batch: AttemptRecord[], result: WriteResult) => void,
    private readonly target = 16,
    private readonly maxDelayMs = 20,
    private readonly maxBatch = 64,
  ) {}

  add(record: AttemptRecord) {
    this.buffer.push(record);
    if (this.writing) return;
    if (this.buffer.length >= this.target) this.start();
    else this.timer ??= setTimeout(() => this.start(), this.maxDelayMs);
  }

  /** Write what is waiting now, without waiting for a fuller batch. */
  hurry() {
    if (!this.writing && this.buffer.length) this.start();
  }

  /** Resolves once everything added so far is written. */
  async flush(): Promise<void> {
    this.hurry();
    while (this.writing) await this.writing;
  }

  private start() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length) {
      const batch = this.buffer.splice(0, this.maxBatch);
      this.onWritten(batch, await write(batch));
    }
    this.writing = null;
  }
}

async function write(batch: AttemptRecord[]): Promise<WriteResult> {
  try {
    return await writeAttempts(batch);
  } catch (err) {
    // One bad row (say, its endpoint was deleted mid-attempt) must not lose the others' records.
    logger.warn({ err, count: batch.length }, "batch attempt write failed: writing one by one");
    const paused = new Set<string>();
    for (const record of batch) {
      try {
        for (const id of (await writeAttempts([record])).pausedEndpointIds) paused.add(id);
      } catch (e) {
        logger.error({ err: e, deliveryId: record.deliveryId }, "could not record a webhook attempt");
      }
    }
    return { pausedEndpointIds: [...paused] };
  }
}
