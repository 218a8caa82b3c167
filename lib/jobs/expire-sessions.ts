import { db, Prisma, utc } from "@/lib/db";
import { entry, timelineAppend } from "@/lib/domain/cancel-sessions/timeline";
import { toCancellationResource } from "@/lib/domain/cancellations/resource";
import { createId } from "@/lib/ids";
import { enqueueCancellationWebhook } from "@/lib/webhooks/enqueue";

/**
 * Ends hosted sessions whose link has expired. A session the customer opened but never finished
 * becomes an `abandoned` cancellation event (with its `cancellation.created` webhook), carrying its
 * offer only if the offer page showed it; one never opened just expires. Batches claim rows with
 * SKIP LOCKED, so concurrent runs never double-count.
 */
export async function expireSessions(opts: { now?: Date; batchSize?: number; workspaceId?: string } = {}) {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 200;
  let expired = 0;
  let abandoned = 0;
  const webhookEventIds: string[] = [];
  for (;;) {
    const batch = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        select id from "CancelSession"
        where status in ('created', 'opened') and "expiresAt" <= ${utc(now)}
          and (${opts.workspaceId ?? null}::text is null or "workspaceId" = ${opts.workspaceId ?? null})
        order by "expiresAt" limit ${batchSize} for update skip locked`;
      for (const { id } of rows) {
        const s = await tx.cancelSession.findUniqueOrThrow({
          where: { id },
          include: { workspace: { select: { id: true, workspaceKey: true } } },
        });
        await tx.$executeRaw`
          update "CancelSession" set status = 'expired', ${timelineAppend([entry("expired", now)])},
            outcome = ${s.status === "opened" ? "abandoned" : null}::"Outcome", "updatedAt" = ${utc(now)}
          where id = ${id}`;
        expired++;
        if (s.status !== "opened") continue;
        // An offer chosen for the reason but never on screen was not turned down: no offer.
        const shown = s.offerShownAt !== null;
        const event = await tx.cancellationEvent.create({
          data: {
            id: createId("ce"),
            workspaceId: s.workspaceId,
            environment: s.environment,
            eventId: s.id,
            source: "hosted",
            cancelSessionId: s.id,
            userId: s.userId,
            reasonKey: s.reasonKey ?? "unspecified",
            reasonText: s.reasonText,
            offerType: shown ? (s.offerType ?? "none") : "none",
            offerAccepted: false,
            offerLabel: shown ? s.offerLabel : null,
            offerTerms: shown && s.offerTerms !== null ? s.offerTerms : Prisma.DbNull,
            noOfferReason: s.noOfferReason,
            // The experiment counts the session whatever it showed: assignment is intent to treat.
            experimentId: s.experimentId,
            variant: s.variant,
            outcome: "abandoned",
            plan: s.plan,
            mrr: s.mrr,
            tenureDays: s.tenureDays,
            occurredAt: s.expiresAt,
            outcomeEffectiveAt: s.expiresAt,
            metadata: s.metadata ?? {},
            outcomeChanges: {
              create: {
                id: createId("oc"),
                workspaceId: s.workspaceId,
                toOutcome: "abandoned",
                effectiveAt: s.expiresAt,
                source: "job",
              },
            },
          },
          include: { outcomeChanges: true },
        });
        abandoned++;
        webhookEventIds.push(
          await enqueueCancellationWebhook(tx, {
            workspace: s.workspace,
            type: "cancellation.created",
            cancellation: toCancellationResource(event),
            cancellationEventId: event.id,
            cancelSessionId: s.id,
          }),
        );
      }
      return rows.length;
    });
    if (batch < batchSize) break;
  }
  return { expired, abandoned, webhookEventIds };
}
