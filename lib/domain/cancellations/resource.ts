import type { CancellationEvent, OutcomeChange } from "@/lib/db";
import { appliedOffer } from "@/lib/domain/reasons-offers/terms";
import type { CancellationResource } from "./schema";

type Flat = Record<string, string | number | boolean | null>;

export type EventWithHistory = CancellationEvent & { outcomeChanges: OutcomeChange[] };

/** Row → the public event resource (camelCase, as the API guide names the fields). */
export function toCancellationResource(e: EventWithHistory): CancellationResource {
  return {
    id: e.id,
    eventId: e.eventId,
    environment: e.environment,
    source: e.source,
    userId: e.userId,
    reasonKey: e.reasonKey,
    reasonText: e.reasonText,
    outcome: e.outcome,
    offer: appliedOffer({
      type: e.offerType,
      label: e.offerLabel,
      accepted: e.offerAccepted,
      terms: e.offerTerms,
    }) ?? { type: "none", label: e.offerLabel, accepted: false, terms: null },
    noOfferReason: (e.noOfferReason as CancellationResource["noOfferReason"]) ?? null,
    experiment: e.experimentId && e.variant ? { id: e.experimentId, variant: e.variant } : null,
    intent: e.intent,
    context: {
      plan: e.plan,
      mrr: e.mrr === null ? null : Number(e.mrr.toString()),
      tenureDays: e.tenureDays,
    },
    occurredAt: e.occurredAt.toISOString(),
    outcomeEffectiveAt: e.outcomeEffectiveAt?.toISOString() ?? null,
    metadata: e.metadata as Flat,
    outcomeHistory: [...e.outcomeChanges]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((c) => ({
        from: c.fromOutcome,
        to: c.toOutcome,
        effectiveAt: c.effectiveAt.toISOString(),
        metadata: c.metadata as Flat,
        source: c.source as "api" | "hosted" | "job",
        recordedAt: c.createdAt.toISOString(),
      })),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const withHistory = { outcomeChanges: { orderBy: { createdAt: "asc" } } } as const;
