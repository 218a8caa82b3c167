import { ApiError } from "@/lib/api/errors";
import { db, Prisma } from "@/lib/db";
import { createId } from "@/lib/ids";
import { enqueueCancellationWebhook } from "@/lib/webhooks/enqueue";
import { type EventWithHistory, toCancellationResource, withHistory } from "./resource";
import type { CancellationResource, CreateCancellationInput } from "./schema";

type Workspace = { id: string; workspaceKey: string };

function findEvent(workspaceId: string, environment: "prod" | "sandbox", eventId: string) {
  return db.cancellationEvent.findUnique({
    where: { workspaceId_environment_eventId: { workspaceId, environment, eventId } },
    include: withHistory,
  });
}

async function enabledReasonKeys(workspaceId: string): Promise<string[]> {
  const reasons = await db.reason.findMany({
    where: { workspaceId, enabled: true },
    orderBy: { position: "asc" },
    select: { key: true },
  });
  return reasons.map((r) => r.key);
}

/**
 * Records a cancellation idempotently by (workspace, environment, eventId): `INSERT … ON CONFLICT
 * DO NOTHING RETURNING` (never an upsert, which races), then the stored event on conflict. The
 * history row and the `cancellation.created` outbox row commit with the insert, so a replay never
 * enqueues twice and never changes what is stored, whatever its body.
 */
export async function recordCancellation(
  workspace: Workspace,
  input: CreateCancellationInput,
): Promise<{ created: boolean; event: CancellationResource }> {
  const enabled = await enabledReasonKeys(workspace.id);
  if (!enabled.includes(input.reasonKey)) {
    // A retry of an event stored before the reason was disabled is still a replay.
    const existing = await findEvent(workspace.id, input.environment, input.eventId);
    if (existing) return { created: false, event: toCancellationResource(existing) };
    throw new ApiError(
      "invalid_request",
      `reasonKey "${input.reasonKey}" is not an enabled reason of this workspace. Enabled: ${enabled.join(", ") || "(none)"}`,
      { issues: [{ path: "reasonKey", message: "not an enabled reason" }], enabledReasonKeys: enabled },
    );
  }

  const now = new Date();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  const outcome = input.outcome ?? null;

  const created = await db.$transaction(async (tx) => {
    const [row] = await tx.cancellationEvent.createManyAndReturn({
      data: {
        id: createId("ce"),
        workspaceId: workspace.id,
        environment: input.environment,
        eventId: input.eventId,
        source: "api",
        userId: input.userId ?? null,
        reasonKey: input.reasonKey,
        reasonText: input.reasonText ?? null,
        offerType: input.offer?.type ?? "none",
        offerAccepted: input.offer?.accepted ?? false,
        offerLabel: input.offer?.label ?? null,
        outcome,
        plan: input.context?.plan ?? null,
        mrr: input.context?.mrr == null ? null : new Prisma.Decimal(input.context.mrr),
        tenureDays: input.context?.tenureDays ?? null,
        occurredAt,
        outcomeEffectiveAt: outcome ? occurredAt : null,
        metadata: input.metadata ?? {},
        createdAt: now,
        updatedAt: now,
      },
      skipDuplicates: true,
    });
    if (!row) return null;

    const history = outcome
      ? [
          await tx.outcomeChange.create({
            data: {
              workspaceId: workspace.id,
              cancellationEventId: row.id,
              fromOutcome: null,
              toOutcome: outcome,
              effectiveAt: occurredAt,
              source: "api",
              createdAt: now,
            },
          }),
        ]
      : [];
    const event: EventWithHistory = { ...row, outcomeChanges: history };
    const resource = toCancellationResource(event);
    await enqueueCancellationWebhook(tx, {
      workspace,
      type: "cancellation.created",
      cancellation: resource,
      cancellationEventId: row.id,
    });
    return resource;
  });

  if (created) return { created: true, event: created };
  const stored = await findEvent(workspace.id, input.environment, input.eventId);
  // The conflicting row committed before our insert returned, so it is visible now.
  if (!stored) throw new Error("idempotent insert conflicted but the stored event is missing");
  return { created: false, event: toCancellationResource(stored) };
}
