// Claiming due deliveries for a drainer, fairly across endpoints, and handing back unsent claims.
// SKIP LOCKED: several drainers may run; each takes rows no other one holds, under a lease.
import { decryptSecret, SecretKeyError } from "@/lib/crypto/secrets";
import { hotQuery, Prisma, utc } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { SigningSecrets } from "./sign";

export type Claimed = {
  id: string;
  workspaceId: string;
  webhookEventId: string;
  endpointId: string;
  attempt: number;
  type: string;
  payload: string;
  url: string;
  secrets: SigningSecrets | null;
  /** Why the workspace's secrets could not be read (its encryption key is missing or wrong). */
  secretsError?: string;
  /** Date.now() after which another drainer may claim the row. */
  leaseEndsAt: number;
  /** Claimed while the endpoint's circuit was not closed: this attempt is its probe. */
  probe: boolean;
  /** The endpoint's circuit had state to update (timeouts counted, or not closed) when claimed. */
  circuitDirty: boolean;
  /** The endpoint's timeouts in a row when claimed. */
  consecutiveTimeouts: number;
};

/** What this drainer already holds per endpoint: claimed and not yet recorded. */
export type Held = { endpointId: string; count: number; responsive: boolean }[];

export type ClaimInput = {
  limit: number;
  leaseMs: number;
  /** Claims held per endpoint while other endpoints have due work. */
  perEndpoint: number;
  held: Held;
  /** Only deliveries of these events (the immediate attempt after a request). */
  webhookEventIds?: string[];
  /** Also endpoints whose circuit is open: explicit sends (test event, retry now) are the probe. */
  probe?: boolean;
  /** The clock (default now): the demo seed records its history at its own times. */
  now?: Date;
};

/** Claimed rows, and how many endpoints had due work (more than one: share the senders). */
export type ClaimResult = { rows: Claimed[]; endpointsDue: number };

/** A delivery that may be claimed now (`d` = "WebhookDelivery"). */
const claimable = (now: Date) => Prisma.sql`
  d.status in ('pending', 'failed') and d."nextAttemptAt" <= ${utc(now)}
  and (d."lockedUntil" is null or d."lockedUntil" <= ${utc(now)})`;

/**
 * The fair claim. Endpoints with due work are served oldest head first (the endpoint whose oldest
 * due delivery has waited longest), each for at most `perEndpoint` rows less what this drainer
 * already holds of it — so one endpoint's backlog never fills a batch while others wait, and one
 * per-endpoint index descent replaces a scan of the whole due backlog. A lone endpoint with due work
 * that has answered this drainer gets the whole batch. An endpoint whose circuit is open is skipped;
 * a half-open one gives exactly one delivery, its probe, to the one drainer that moves its
 * `circuitRetryAt` to the probe's lease end (a probe handed back unsent waits out that lease).
 */
function fairPick(input: ClaimInput, now: Date, leaseEnd: Date): Prisma.Sql {
  const { held } = input;
  return Prisma.sql`
    rb_held as (
      select * from unnest(${held.map((h) => h.endpointId)}::text[], ${held.map((h) => h.count)}::int[],
        ${held.map((h) => h.responsive)}::boolean[]) as h(id, n, responsive)
    ),
    rb_heads as (
      select e.id, e."circuitRetryAt" is not null as half_open, head.at
      from "WebhookEndpoint" e
      cross join lateral (
        select d."nextAttemptAt" as at from "WebhookDelivery" d
        where d."endpointId" = e.id and ${claimable(now)}
        order by d."nextAttemptAt" limit 1
      ) head
      where e.enabled and (e."circuitRetryAt" is null or e."circuitRetryAt" <= ${utc(now)})
      order by head.at limit ${input.limit}
    ),
    rb_share as (
      select count(*) as endpoints,
        count(*) + (select count(*) from rb_held where id not in (select id from rb_heads)) <= 1 as lone
      from rb_heads
    ),
    rb_probes as (
      update "WebhookEndpoint" e set "circuitRetryAt" = ${utc(leaseEnd)}
      from rb_heads h
      where h.half_open and e.id = h.id and e."circuitRetryAt" <= ${utc(now)}
      returning e.id
    ),
    rb_due as (
      select d.id, d.at from rb_heads h
      left join rb_held on rb_held.id = h.id
      cross join lateral (
        select d.id, d."nextAttemptAt" as at from "WebhookDelivery" d
        where d."endpointId" = h.id and ${claimable(now)}
        order by d."nextAttemptAt"
        limit case
          when h.half_open then (select count(*) from rb_probes p where p.id = h.id)
          when (select lone from rb_share) and coalesce(rb_held.responsive, false) then ${input.limit}
          else greatest(0, ${input.perEndpoint} - coalesce(rb_held.n, 0))
        end
        for update of d skip locked
      ) d
      order by d.at limit ${input.limit}
    ),`;
}

/** The first attempt of known events: found through the (webhookEventId, endpointId) index. */
function eventPick(input: ClaimInput & { webhookEventIds: string[] }, now: Date): Prisma.Sql {
  const circuit = input.probe ? Prisma.empty : Prisma.sql`and e."circuitRetryAt" is null`;
  return Prisma.sql`
    rb_share as (select 0 as endpoints),
    rb_due as (
      select d.id from "WebhookDelivery" d
      where ${claimable(now)} and d."webhookEventId" = any(${input.webhookEventIds}::text[])
        and exists (select 1 from "WebhookEndpoint" e where e.id = d."endpointId" and e.enabled ${circuit})
      limit ${input.limit} for update of d skip locked
    ),`;
}

/** Claims due rows under a lease; each claim takes the next attempt number. */
export async function claimDue(input: ClaimInput): Promise<ClaimResult> {
  const now = input.now ?? new Date();
  const leaseEnd = new Date(now.getTime() + input.leaseMs);
  const pick = input.webhookEventIds
    ? eventPick({ ...input, webhookEventIds: input.webhookEventIds }, now)
    : fairPick(input, now, leaseEnd);
  const rows = await hotQuery<
    Omit<Claimed, "secrets" | "leaseEndsAt"> & { secrets: string[] | null; endpointsDue: string }
  >(Prisma.sql`
    with ${pick}
    rb_claimed as (
      update "WebhookDelivery" d
      set "lockedUntil" = ${utc(leaseEnd)}, "attemptCount" = d."attemptCount" + 1, "updatedAt" = ${utc(now)}
      from rb_due where d.id = rb_due.id
      returning d.id, d."workspaceId", d."webhookEventId", d."endpointId", d."attemptCount"
    )
    select c.id, c."workspaceId", c."webhookEventId", c."endpointId", c."attemptCount" as attempt,
           ev.type, ev.payload, e.url,
           -- The endpoint as it was before this statement (a probe's circuitRetryAt was not yet moved).
           e."circuitRetryAt" is not null as probe,
           (e."consecutiveTimeouts" > 0 or e."circuitRetryAt" is not null) as "circuitDirty",
           e."consecutiveTimeouts",
           (select endpoints from rb_share) as "endpointsDue",
           -- Secrets valid now: the current one first, then any still inside a rotation's overlap.
           (select array_agg(s.secret order by s."expiresAt" is null desc, s."createdAt" desc, s.id desc)
            from "SigningSecret" s
            where s."workspaceId" = c."workspaceId" and (s."expiresAt" is null or s."expiresAt" > ${utc(now)})) as secrets
    from rb_claimed c
    join "WebhookEvent" ev on ev.id = c."webhookEventId"
    join "WebhookEndpoint" e on e.id = c."endpointId"`);
  // A claim's rows mostly share a few workspaces: each stored secret is decrypted once per claim.
  const plain = new Map<string, string>();
  const decrypt = (stored: string) => {
    let value = plain.get(stored);
    if (value === undefined) {
      value = decryptSecret(stored);
      plain.set(stored, value);
    }
    return value;
  };
  return {
    endpointsDue: Number(rows[0]?.endpointsDue ?? 0),
    rows: rows.map(({ secrets, endpointsDue: _, ...r }) => ({
      ...r,
      leaseEndsAt: leaseEnd.getTime(),
      ...readSecrets(secrets, decrypt),
    })),
  };
}

/** The stored (encrypted) secrets as the plaintext that signs, current first. */
function readSecrets(
  stored: string[] | null,
  decrypt: (stored: string) => string,
): { secrets: SigningSecrets | null; secretsError?: string } {
  if (!stored?.length) return { secrets: null };
  try {
    const [current, ...previous] = stored.map(decrypt);
    return { secrets: { current: current!, previous } };
  } catch (e) {
    if (!(e instanceof SecretKeyError)) throw e;
    logger.error({ err: e.message }, "webhook signing secrets unreadable");
    return { secrets: null, secretsError: e.message };
  }
}

/** Hands claimed-but-unsent rows back: lease cleared, attempt number restored. */
export async function releaseClaims(items: Claimed[]): Promise<number> {
  if (items.length === 0) return 0;
  const rows = await hotQuery<{ id: string }>(Prisma.sql`
    update "WebhookDelivery" d set "lockedUntil" = null, "attemptCount" = d."attemptCount" - 1
    from unnest(${items.map((i) => i.id)}::text[], ${items.map((i) => i.attempt)}::int[]) as r(id, attempt)
    where d.id = r.id and d."attemptCount" = r.attempt
    returning d.id`);
  return rows.length;
}
