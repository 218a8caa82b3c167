import { ApiError } from "@/lib/api/errors";
import { db, hotQuery, Prisma, utc } from "@/lib/db";
import { createId } from "@/lib/ids";
import { outboxCtes } from "@/lib/webhooks/enqueue";
import { toCancellationResource } from "./resource";
import { breakEarlierSavesSql, brokenByLaterChurnSql } from "./save-validity";
import type { CancellationResource, CreateCancellationInput } from "./schema";
import { eventFromStoredJson, type StoredEventJson, storedEventJsonSql } from "./stored-event";

type Workspace = { id: string; workspaceKey: string };

async function enabledReasonKeys(workspaceId: string): Promise<string[]> {
  const reasons = await db.reason.findMany({
    where: { workspaceId, enabled: true },
    orderBy: { position: "asc" },
    select: { key: true },
  });
  return reasons.map((r) => r.key);
}

/**
 * Records a cancellation idempotently by (workspace, environment, eventId) in one statement:
 * `INSERT … ON CONFLICT DO NOTHING RETURNING` (never an upsert, which races), guarded by the reason
 * being enabled, with the history row and the `cancellation.created` outbox row as CTEs of the same
 * statement — so they exist exactly when the event does, and a replay never enqueues twice or
 * changes what is stored, whatever its body. Only when nothing was inserted do we look further:
 * the stored event (a replay, 200) or the reason (400).
 */
export async function recordCancellation(
  workspace: Workspace,
  input: CreateCancellationInput,
  opts: { now?: Date } = {},
): Promise<{ created: boolean; event: CancellationResource; webhookEventId: string | null }> {
  const now = opts.now ?? new Date();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const outcome = input.outcome ?? null;
  const id = createId("ce");
  const historyId = createId("oc");
  const row = {
    id,
    workspaceId: workspace.id,
    environment: input.environment,
    eventId: input.eventId,
    source: "api" as const,
    cancelSessionId: null,
    userId: input.userId ?? null,
    reasonKey: input.reasonKey,
    reasonText: input.reasonText ?? null,
    offerType: input.offer?.type ?? "none",
    offerAccepted: input.offer?.accepted ?? false,
    offerLabel: input.offer?.label ?? null,
    offerTerms: input.offer?.terms ?? null,
    noOfferReason: null,
    experimentId: null,
    variant: null,
    intent: "cancel" as const,
    saveBrokenAt: null,
    outcome,
    plan: input.context?.plan ?? null,
    mrr: input.context?.mrr == null ? null : new Prisma.Decimal(input.context.mrr),
    tenureDays: input.context?.tenureDays ?? null,
    occurredAt,
    outcomeEffectiveAt: outcome ? occurredAt : null,
    metadata: input.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
  const history = outcome
    ? [
        {
          id: historyId,
          workspaceId: workspace.id,
          cancellationEventId: id,
          fromOutcome: null,
          toOutcome: outcome,
          effectiveAt: occurredAt,
          metadata: {},
          source: "api",
          createdAt: now,
        },
      ]
    : [];
  const resource = toCancellationResource({ ...row, outcomeChanges: history });
  const outbox = outboxCtes(
    { workspace, type: "cancellation.created", cancellation: resource, cancellationEventId: id, now },
    "rb_event",
  );

  // One round trip for a new event and for a replay alike: the statement also reads the stored
  // event when its insert did nothing (visible when it committed before this statement began).
  const [result] = await hotQuery<{ id: string | null; deliveries: number; stored: StoredEventJson | null }>(
    Prisma.sql`
    with rb_event as (
      insert into "CancellationEvent" (id, "workspaceId", environment, "eventId", source, "userId", "reasonKey",
        "reasonText", "offerType", "offerAccepted", "offerLabel", "offerTerms", outcome, plan, mrr, "tenureDays", "occurredAt",
        "outcomeEffectiveAt", metadata, "createdAt", "updatedAt")
      select ${id}, ${workspace.id}, ${row.environment}::"Environment", ${row.eventId}, 'api', ${row.userId},
        ${row.reasonKey}, ${row.reasonText}, ${row.offerType}::"OfferType", ${row.offerAccepted}, ${row.offerLabel},
        ${row.offerTerms === null ? null : JSON.stringify(row.offerTerms)}::jsonb, ${outcome}::"Outcome", ${row.plan}, ${row.mrr?.toString() ?? null}::numeric, ${row.tenureDays}::integer,
        ${utc(occurredAt)}, ${outcome ? utc(occurredAt) : null}, ${JSON.stringify(row.metadata)}::jsonb, ${utc(now)}, ${utc(now)}
      where exists (
        select 1 from "Reason" r where r."workspaceId" = ${workspace.id} and r.key = ${row.reasonKey} and r.enabled
      )
      on conflict ("workspaceId", environment, "eventId") do nothing
      returning id
    ),
    rb_history as (
      insert into "OutcomeChange" (id, "workspaceId", "cancellationEventId", "fromOutcome", "toOutcome",
        "effectiveAt", metadata, source, "createdAt")
      select ${historyId}, ${workspace.id}, rb_event.id, null, ${outcome}::"Outcome", ${utc(occurredAt)}, '{}', 'api', ${utc(now)}
      from rb_event where ${outcome}::text is not null
    ),
    ${outbox.sql}
    select id, (select count(*)::int from rb_deliveries) as deliveries, null::json as stored from rb_event
    union all
    select null, 0, ${storedEventJsonSql(workspace.id, input.environment, input.eventId)}
    where not exists (select 1 from rb_event)`,
    { prepare: true },
  );
  if (result?.id) {
    // A churned event breaks the customer's earlier saves (save-validity.ts): after the insert, so a
    // replay (nothing inserted) changes nothing.
    if (outcome === "churned" && row.userId) {
      await hotQuery(
        breakEarlierSavesSql({ ...row, workspaceId: workspace.id, at: occurredAt, churnedId: id }),
      );
    } else if (row.userId) {
      // …and an event recorded after a later churn of the customer starts broken.
      await hotQuery(brokenByLaterChurnSql({ ...row, workspaceId: workspace.id, occurredAt }));
    }
    // No endpoint wants it: nothing to send now (the outbox row is still kept).
    return {
      created: true,
      event: resource,
      webhookEventId: result.deliveries > 0 ? outbox.webhookEventId : null,
    };
  }

  // Nothing inserted: the event exists (a replay), or the reason is not enabled. A retry of an event
  // stored before its reason was disabled is still a replay. An event whose insert raced ours
  // committed after this statement began: read again, now it is visible.
  const stored =
    result?.stored ??
    (
      await hotQuery<{ stored: StoredEventJson | null }>(
        Prisma.sql`select ${storedEventJsonSql(workspace.id, input.environment, input.eventId)} as stored`,
      )
    )[0]?.stored;
  if (stored) {
    return {
      created: false,
      event: toCancellationResource(eventFromStoredJson(stored)),
      webhookEventId: null,
    };
  }
  const enabled = await enabledReasonKeys(workspace.id);
  throw new ApiError(
    "invalid_request",
    `reasonKey "${input.reasonKey}" is not an enabled reason of this workspace. Enabled: ${enabled.join(", ") || "(none)"}`,
    { issues: [{ path: "reasonKey", message: "not an enabled reason" }], enabledReasonKeys: enabled },
  );
}
