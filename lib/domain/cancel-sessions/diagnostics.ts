import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { complianceRecord } from "@/lib/domain/compliance/record";
import { returnOrigin } from "@/lib/domain/workspaces/return-hosts";
import { deliveriesCausedBy } from "@/lib/webhooks/delivery-resource";
import type { CancelSessionDiagnostics } from "./schema";
import { effectiveSessionStatus } from "./status";
import type { TimelineEntry } from "./timeline";

/** What happened in one hosted session, for `GET /api/v1/cancel-sessions/:id` and the dashboard. */
export async function getCancelSessionDiagnostics(
  workspaceId: string,
  id: string,
): Promise<CancelSessionDiagnostics> {
  const s = await db.cancelSession.findFirst({
    where: { id, workspaceId },
    include: {
      cancellationEvent: { select: { id: true, eventId: true, outcome: true } },
      receipt: { select: { id: true, createdAt: true, emailedAt: true, messageId: true } },
    },
  });
  if (!s) throw new ApiError("not_found", `No cancel session ${id}`);
  const webhookDeliveries = await deliveriesCausedBy(workspaceId, { cancelSessionId: id });
  return {
    id: s.id,
    status: effectiveSessionStatus(s),
    environment: s.environment,
    userId: s.userId,
    context: {
      plan: s.plan,
      mrr: s.mrr === null ? null : Number(s.mrr.toString()),
      tenureDays: s.tenureDays,
    },
    metadata: s.metadata as CancelSessionDiagnostics["metadata"],
    returnHost: returnOrigin(s.returnUrl),
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    openedAt: s.openedAt?.toISOString() ?? null,
    completedAt: s.completedAt?.toISOString() ?? null,
    timeline: s.timeline as TimelineEntry[],
    reason: s.reasonKey ? { key: s.reasonKey, text: s.reasonText } : null,
    offer: s.offerId
      ? {
          id: s.offerId,
          type: s.offerType,
          label: s.offerLabel,
          accepted: s.offerAccepted,
          terms: (s.offerTerms as Record<string, unknown> | null) ?? null,
        }
      : null,
    noOfferReason: (s.noOfferReason as CancelSessionDiagnostics["noOfferReason"]) ?? null,
    eligibleForOffers: s.eligibleForOffers,
    experiment: s.experimentId && s.variant ? { id: s.experimentId, variant: s.variant } : null,
    outcome: s.outcome,
    resultToken: {
      issuedAt: s.resultTokenIssuedAt?.toISOString() ?? null,
      verifiedAt: s.resultTokenVerifiedAt?.toISOString() ?? null,
    },
    cancellation: s.cancellationEvent,
    webhookDeliveries,
    compliance: complianceRecord(s, s.receipt),
  };
}
