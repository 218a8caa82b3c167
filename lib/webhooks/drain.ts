// The drainer: claims due deliveries, sends them concurrently, records every attempt. Run by the
// cron route, `npm run worker`, and right after a request (schedule.ts). Several may run at once:
// rows are claimed with FOR UPDATE SKIP LOCKED under a lease, and each claim takes the next attempt
// number atomically, so no attempt is ever sent twice; a drainer that dies leaves its lease to expire
// and the delivery is claimed again (as the next attempt) — nothing is lost.

import type { Dispatcher } from "undici";
import { hotQuery, Prisma, utc } from "@/lib/db";
import { env } from "@/lib/env";
import { createId } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { notifyEndpointDisabled } from "./notify";
import { DEFAULT_RETRY_SCHEDULE, nextRetryDelayMs, parseRetryAfter } from "./retry";
import { deliveryHeaders, type SigningSecrets } from "./sign";
import { checkWebhookUrlShape, type TargetPolicy } from "./target";
import {
  DEFAULT_TIMEOUT_MS,
  describeSendError,
  postWebhook,
  type SendResult,
  sharedWebhookAgent,
} from "./transport";

export type DrainOptions = {
  /** Stop claiming after this long; attempts in flight finish, claimed-but-unsent rows are handed back. */
  budgetMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Rows per claim. */
  batchSize?: number;
  /** How long a claim holds a row; must comfortably exceed the attempt timeout. */
  leaseMs?: number;
  /** Per-attempt timeout (tests shorten it). */
  timeoutMs?: number;
  /** Only deliveries of these events (the immediate attempt after a request). */
  webhookEventIds?: string[];
  /** Stop early (worker shutdown): like the budget running out. */
  signal?: AbortSignal;
  /** Tests: a transport with its own resolver. Default: the shared agent for the environment's policy. */
  transport?: { dispatcher: Dispatcher; policy: Pick<TargetPolicy, "allowPrivate"> };
};

export type DrainSummary = {
  claimed: number;
  succeeded: number;
  failed: number;
  dead: number;
  /** Claimed but not sent before the budget ran out: handed back for the next drain. */
  released: number;
  /** Claimed but left unsent because their lease would not have covered the attempt (very slow endpoints). */
  expired: number;
  durationMs: number;
  stoppedBy: "empty" | "budget" | "signal";
};

export const DEFAULTS = {
  budgetMs: 25_000,
  concurrency: 16,
  leaseMs: 60_000,
  timeoutMs: DEFAULT_TIMEOUT_MS,
};

/** Time kept free between the end of an attempt's timeout and the end of its lease. */
const leaseMargin = (leaseMs: number) => Math.min(5_000, leaseMs / 10);

/** Endpoints failing without a single success for this long are disabled and their owners emailed. */
export const DISABLE_AFTER_FAILING_MS = 5 * 86_400_000;

type Claimed = {
  id: string;
  workspaceId: string;
  webhookEventId: string;
  endpointId: string;
  attempt: number;
  type: string;
  payload: string;
  url: string;
  secrets: SigningSecrets | null;
  /** Date.now() after which another drainer may claim the row. */
  leaseEndsAt: number;
};

type AttemptRecord = {
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
};

async function claimDue(limit: number, leaseMs: number, webhookEventIds?: string[]): Promise<Claimed[]> {
  const now = new Date();
  const due = (status: Prisma.Sql) => Prisma.sql`
    select d.id, d."nextAttemptAt" from "WebhookDelivery" d
    where ${status} and d."nextAttemptAt" <= ${utc(now)}
      and (d."lockedUntil" is null or d."lockedUntil" <= ${utc(now)})
      and exists (select 1 from "WebhookEndpoint" e where e.id = d."endpointId" and e.enabled)`;
  // SKIP LOCKED: several drainers may run; each takes rows no other one holds.
  const pick = webhookEventIds
    ? // The first attempt of known events: found through the (webhookEventId, endpointId) index.
      Prisma.sql`${due(Prisma.sql`d.status in ('pending', 'failed') and d."webhookEventId" = any(${webhookEventIds}::text[])`)}
        limit ${limit} for update of d skip locked`
    : // One index-ordered scan per status (an IN list would sort the whole due backlog on every claim).
      Prisma.sql`
        select id, "nextAttemptAt" from (
          select * from rb_pending union all select * from rb_failed
        ) u order by "nextAttemptAt" limit ${limit}`;
  const ctes = webhookEventIds
    ? Prisma.empty
    : Prisma.sql`
      rb_pending as (${due(Prisma.sql`d.status = 'pending'`)} order by d."nextAttemptAt" limit ${limit} for update of d skip locked),
      rb_failed as (${due(Prisma.sql`d.status = 'failed'`)} order by d."nextAttemptAt" limit ${limit} for update of d skip locked),`;
  const rows = await hotQuery<
    Omit<Claimed, "secrets" | "leaseEndsAt"> & { secrets: string[] | null }
  >(Prisma.sql`
    with ${ctes}
    rb_due as (${pick}),
    rb_claimed as (
      update "WebhookDelivery" d
      set "lockedUntil" = ${utc(new Date(now.getTime() + leaseMs))}, "attemptCount" = d."attemptCount" + 1,
          "updatedAt" = ${utc(now)}
      from rb_due where d.id = rb_due.id
      returning d.id, d."workspaceId", d."webhookEventId", d."endpointId", d."attemptCount"
    )
    select c.id, c."workspaceId", c."webhookEventId", c."endpointId", c."attemptCount" as attempt,
           ev.type, ev.payload, e.url,
           -- Secrets valid now: the current one first, then any still inside a rotation's overlap.
           (select array_agg(s.secret order by s."expiresAt" is null desc, s."createdAt" desc, s.id desc)
            from "SigningSecret" s
            where s."workspaceId" = c."workspaceId" and (s."expiresAt" is null or s."expiresAt" > ${utc(now)})) as secrets
    from rb_claimed c
    join "WebhookEvent" ev on ev.id = c."webhookEventId"
    join "WebhookEndpoint" e on e.id = c."endpointId"`);
  const leaseEndsAt = now.getTime() + leaseMs;
  return rows.map(({ secrets, ...r }) => ({
    ...r,
    leaseEndsAt,
    secrets: secrets?.length ? { current: secrets[0]!, previous: secrets.slice(1) } : null,
  }));
}

/** Hands claimed-but-unsent rows back: lease cleared, attempt number restored. */
async function release(items: Claimed[]): Promise<number> {
  if (items.length === 0) return 0;
  const rows = await hotQuery<{ id: string }>(Prisma.sql`
    update "WebhookDelivery" d set "lockedUntil" = null, "attemptCount" = d."attemptCount" - 1
    from unnest(${items.map((i) => i.id)}::text[], ${items.map((i) => i.attempt)}::int[]) as r(id, attempt)
    where d.id = r.id and d."attemptCount" = r.attempt
    returning d.id`);
  return rows.length;
}

function failureMessage(result: SendResult): string {
  const code = result.statusCode;
  if (code !== null && code >= 300 && code < 400) {
    const to = result.location ? ` (to ${result.location.slice(0, 200)})` : "";
    return `Redirect ${code}${to} not followed: the webhook URL must answer with a 2xx itself`;
  }
  if (code === 410) return "410 Gone: the endpoint has been disabled";
  if (code !== null) return result.error ? `HTTP ${code}; ${result.error}` : `HTTP ${code}`;
  return result.error ?? "No response";
}

async function attemptDelivery(
  item: Claimed,
  ctx: { dispatcher: Dispatcher; allowPrivate: boolean; timeoutMs: number; schedule: readonly number[] },
): Promise<AttemptRecord> {
  const attemptId = createId("dlv");
  const sentAt = new Date();
  const notSent = (error: string): SendResult => ({
    statusCode: null,
    retryAfter: null,
    location: null,
    excerpt: null,
    error,
    durationMs: 0,
  });
  let result: SendResult;
  if (!item.secrets) {
    result = notSent("This workspace has no signing secret");
  } else {
    try {
      // Send time repeats the save-time URL rules; DNS is vetted by the transport at connect time.
      checkWebhookUrlShape(item.url, { allowPrivate: ctx.allowPrivate });
      const headers = deliveryHeaders({
        eventType: item.type,
        eventId: item.webhookEventId,
        attemptId,
        attempt: item.attempt,
        timestamp: Math.floor(sentAt.getTime() / 1000),
        rawBody: item.payload,
        secrets: item.secrets,
      });
      result = await postWebhook({
        url: item.url,
        headers,
        body: item.payload,
        dispatcher: ctx.dispatcher,
        timeoutMs: ctx.timeoutMs,
      });
    } catch (err) {
      result = notSent(describeSendError(err));
    }
  }

  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delayMs = ok
    ? null
    : nextRetryDelayMs({
        attempt: item.attempt,
        schedule: ctx.schedule,
        retryAfterSeconds: parseRetryAfter(result.retryAfter),
      });
  return {
    deliveryId: item.id,
    attempt: item.attempt,
    attemptId,
    workspaceId: item.workspaceId,
    endpointId: item.endpointId,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: ok ? result.error : failureMessage(result),
    excerpt: result.excerpt,
    sentAt,
    outcome: ok ? "succeeded" : delayMs === null ? "dead" : "failed",
    delayMs,
    gone: result.statusCode === 410,
  };
}

/**
 * Writes a batch of attempts in one statement: the WebhookAttempt rows, and each delivery's new
 * state — only while the row still carries this claim's attempt number (a claim whose lease expired
 * and was taken over must not overwrite the newer one). Then endpoint health.
 */
async function writeAttempts(batch: AttemptRecord[]): Promise<void> {
  const now = new Date();
  const health = endpointHealth(batch);
  const col = <K extends keyof AttemptRecord>(k: K) => batch.map((r) => r[k]);
  await hotQuery(Prisma.sql`
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
    select 1`);
  await disableBrokenEndpoints(health, now);
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

/** Buffers attempt records and writes them in batches, one write at a time, in order. */
class AttemptRecorder {
  private buffer: AttemptRecord[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxBatch = 64,
    private readonly maxDelayMs = 20,
  ) {}

  add(record: AttemptRecord) {
    this.buffer.push(record);
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0);
    if (batch.length === 0) return this.chain;
    this.chain = this.chain.then(() => write(batch));
    return this.chain;
  }
}

async function write(batch: AttemptRecord[]): Promise<void> {
  try {
    await writeAttempts(batch);
  } catch (err) {
    // One bad row (say, its endpoint was deleted mid-attempt) must not lose the others' records.
    logger.warn({ err, count: batch.length }, "batch attempt write failed: writing one by one");
    for (const record of batch) {
      await writeAttempts([record]).catch((e: unknown) =>
        logger.error({ err: e, deliveryId: record.deliveryId }, "could not record a webhook attempt"),
      );
    }
  }
}

/**
 * Claims and sends due deliveries until none are left, the budget runs out or `signal` aborts.
 * A pipeline: claims refill a queue ahead of `concurrency` senders; results are written in batches.
 */
export async function drainWebhookDeliveries(options: DrainOptions = {}): Promise<DrainSummary> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? DEFAULTS.budgetMs;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
  const batchSize = Math.max(1, options.batchSize ?? Math.max(32, concurrency * 4));
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const { dispatcher, policy } =
    options.transport ??
    (() => {
      const shared = sharedWebhookAgent();
      return { dispatcher: shared.agent, policy: shared.policy };
    })();
  const ctx = {
    dispatcher,
    allowPrivate: policy.allowPrivate,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    schedule: env().WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE,
  };
  const summary: DrainSummary = {
    claimed: 0,
    succeeded: 0,
    failed: 0,
    dead: 0,
    released: 0,
    expired: 0,
    durationMs: 0,
    stoppedBy: "empty",
  };
  if (options.webhookEventIds?.length === 0) return summary;

  const queue: Claimed[] = [];
  const recorder = new AttemptRecorder();
  let exhausted = false;
  let refilling: Promise<void> | undefined;
  let claimError: unknown;

  const stopReason = (): DrainSummary["stoppedBy"] | null => {
    if (options.signal?.aborted) return "signal";
    if (performance.now() - started >= budgetMs) return "budget";
    return null;
  };
  const refill = () => {
    refilling ??= claimDue(batchSize, leaseMs, options.webhookEventIds)
      .then((rows) => {
        summary.claimed += rows.length;
        queue.push(...rows);
        if (rows.length === 0) exhausted = true;
      })
      .catch((err: unknown) => {
        claimError ??= err;
      })
      .finally(() => {
        refilling = undefined;
      });
    return refilling;
  };
  const take = async (): Promise<Claimed | null> => {
    for (;;) {
      if (claimError) throw claimError;
      const reason = stopReason();
      if (reason) {
        summary.stoppedBy = reason;
        return null;
      }
      const item = queue.shift();
      if (item) {
        // Claim the next batch while this one is being sent.
        if (queue.length <= concurrency && !exhausted) void refill();
        // Send only while the lease covers the whole attempt; otherwise it may be claimed again
        // meanwhile. Left as is, it is claimed again once the lease has expired.
        if (Date.now() + ctx.timeoutMs + leaseMargin(leaseMs) > item.leaseEndsAt) {
          summary.expired += 1;
          continue;
        }
        return item;
      }
      if (exhausted) return null;
      await refill();
    }
  };
  const sender = async () => {
    for (let item = await take(); item; item = await take()) {
      const record = await attemptDelivery(item, ctx);
      summary[record.outcome] += 1;
      recorder.add(record);
    }
  };

  const results = await Promise.allSettled(Array.from({ length: concurrency }, sender));
  await refilling;
  summary.released = await release(queue.splice(0));
  await recorder.flush();
  summary.durationMs = Math.round(performance.now() - started);
  const failure = results.find((r) => r.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
  return summary;
}

/** The first attempt for just-enqueued events (called after the response; see schedule.ts). */
export function deliverWebhookEventsNow(webhookEventIds: string[], options: DrainOptions = {}) {
  return drainWebhookDeliveries({ budgetMs: 15_000, ...options, webhookEventIds });
}
