import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { createId } from "@/lib/ids";
import { enqueueCancellationWebhook } from "@/lib/webhooks/enqueue";
import { toCancellationResource, withHistory } from "./resource";
import { breakEarlierSavesSql, breakOwnSaveSql } from "./save-validity";
import type { CancellationResource, UpdateOutcomeInput } from "./schema";

type Workspace = { id: string; workspaceKey: string };
type Environment = "prod" | "sandbox";

/** 404 when the event is in neither environment; 409 when it is only in the other one. */
export async function eventNotFound(
  workspaceId: string,
  environment: Environment,
  eventId: string,
): Promise<never> {
  const other: Environment = environment === "prod" ? "sandbox" : "prod";
  const elsewhere = await db.cancellationEvent.findUnique({
    where: { workspaceId_environment_eventId: { workspaceId, environment: other, eventId } },
    select: { id: true },
  });
  if (elsewhere) {
    throw new ApiError(
      "environment_mismatch",
      // The API adds how to choose the other environment for the method (lib/api/handler.ts).
      `Event "${eventId}" exists in ${other}, not in ${environment}`,
      { environment: other },
    );
  }
  throw new ApiError("not_found", `No cancellation event "${eventId}" in ${environment}`);
}

/**
 * Sets the final outcome. The row is locked for the change, so concurrent PATCHes serialise: the
 * same outcome again is a no-op (no history, no webhook); a different one records history and
 * enqueues `cancellation.outcome_updated` in the same transaction. Reason and offer never change.
 */
export async function updateCancellationOutcome(
  workspace: Workspace,
  eventId: string,
  input: UpdateOutcomeInput,
): Promise<{ changed: boolean; event: CancellationResource; webhookEventId: string | null }> {
  const now = new Date();
  const effectiveAt = input.effectiveAt ? new Date(input.effectiveAt) : now;

  const result = await db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string; outcome: string | null }[]>`
      select id, outcome::text as outcome from "CancellationEvent"
      where "workspaceId" = ${workspace.id} and environment = ${input.environment}::"Environment" and "eventId" = ${eventId}
      for update`;
    if (!locked) return null;
    if (locked.outcome === input.outcome) {
      return {
        changed: false,
        event: await tx.cancellationEvent.findUniqueOrThrow({
          where: { id: locked.id },
          include: withHistory,
        }),
        webhookEventId: null,
      };
    }
    await tx.outcomeChange.create({
      data: {
        id: createId("oc"),
        workspaceId: workspace.id,
        cancellationEventId: locked.id,
        fromOutcome: locked.outcome as "churned" | "recovered" | "abandoned" | null,
        toOutcome: input.outcome,
        effectiveAt,
        metadata: input.metadata ?? {},
        source: "api",
        createdAt: now,
      },
    });
    const event = await tx.cancellationEvent.update({
      where: { id: locked.id },
      data: { outcome: input.outcome, outcomeEffectiveAt: effectiveAt, updatedAt: now },
      include: withHistory,
    });
    if (input.outcome === "churned") {
      await tx.$executeRaw(breakOwnSaveSql(event.id, effectiveAt));
      if (event.userId) {
        await tx.$executeRaw(breakEarlierSavesSql({ ...event, at: effectiveAt, churnedId: event.id }));
      }
    }
    const webhookEventId = await enqueueCancellationWebhook(tx, {
      workspace,
      type: "cancellation.outcome_updated",
      cancellation: toCancellationResource(event),
      cancellationEventId: event.id,
    });
    return { changed: true, event, webhookEventId };
  });

  if (!result) return eventNotFound(workspace.id, input.environment, eventId);
  return {
    changed: result.changed,
    event: toCancellationResource(result.event),
    webhookEventId: result.webhookEventId,
  };
}
