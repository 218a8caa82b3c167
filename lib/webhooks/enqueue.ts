import { Prisma, type Tx, utc } from "@/lib/db";
import type { CancellationResource } from "@/lib/domain/cancellations/schema";
import { createId, createIdSql } from "@/lib/ids";
import { type WebhookEventType, webhookEventBody } from "./events";

export type OutboxInput = {
  workspace: { id: string; workspaceKey: string };
  type: WebhookEventType;
  cancellation: CancellationResource;
  cancellationEventId: string;
  cancelSessionId?: string | null;
  /** When the event happened (default now): the seed's deterministic clock. */
  now?: Date;
};

/**
 * SQL (common table expressions) that writes the outbox row for an event and one pending delivery
 * per enabled endpoint that wants its type — only when the CTE named `guard` produced a row. Being
 * part of the caller's statement, it commits exactly when the change does. The caller may count
 * `rb_deliveries` (its ids) to know whether anything is to be sent.
 */
export function outboxCtes(input: OutboxInput, guard: string): { sql: Prisma.Sql; webhookEventId: string } {
  const id = createId("evt");
  const createdAt = input.now ?? new Date();
  const payload = webhookEventBody({
    id,
    type: input.type,
    createdAt,
    workspaceKey: input.workspace.workspaceKey,
    cancellation: input.cancellation,
  });
  const ws = input.workspace.id;
  const sql = Prisma.sql`
    rb_outbox as (
      insert into "WebhookEvent" (id, "workspaceId", type, environment, "cancellationEventId", "cancelSessionId", payload, "createdAt")
      select ${id}, ${ws}, ${input.type}, ${input.cancellation.environment}::"Environment", ${input.cancellationEventId},
             ${input.cancelSessionId ?? null}, ${payload}, ${utc(createdAt)}
      from ${Prisma.raw(guard)} limit 1
      returning id
    ),
    rb_deliveries as (
      insert into "WebhookDelivery" (id, "workspaceId", "webhookEventId", "endpointId", "nextAttemptAt", "createdAt", "updatedAt")
      select ${Prisma.raw(createIdSql("wd"))}, ${ws}, rb_outbox.id, e.id, ${utc(createdAt)}, ${utc(createdAt)}, ${utc(createdAt)}
      from rb_outbox
      join "WebhookEndpoint" e on e."workspaceId" = ${ws} and e.enabled
        and (cardinality(e."eventTypes") = 0 or ${input.type} = any(e."eventTypes"))
      returning id
    )`;
  return { sql, webhookEventId: id };
}

/** The outbox write on its own, inside an interactive transaction. */
export async function enqueueCancellationWebhook(tx: Tx, input: OutboxInput): Promise<string> {
  const { sql, webhookEventId } = outboxCtes(input, "rb_go");
  await tx.$queryRaw`with rb_go as (select 1), ${sql} select 1 as ok`;
  return webhookEventId;
}
