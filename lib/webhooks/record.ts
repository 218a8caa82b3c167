// Recording attempts: the WebhookAttempt rows and each delivery's new state, written in batches,
// with what they mean for their endpoints' health (endpoint-health.ts) in the same write.
import { hotQuery, hotTransaction, Prisma, utc } from "@/lib/db";
import { logger } from "@/lib/logger";
import { applyCircuits, disableBrokenEndpoints, endpointHealth } from "./endpoint-health";

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

/**
 * Writes a batch of attempts. Most batches are one statement; only when an endpoint's circuit may
 * change (a timeout, a probe, or timeouts already counted) does it take a transaction that locks
 * those endpoints first. Then the 410 / 5-day checks.
 */
export async function writeAttempts(batch: AttemptRecord[], now = new Date()): Promise<WriteResult> {
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
