// The dashboard's list of hosted cancel sessions, newest first, keyset-paginated like events.
import type { CancelSessionStatus, Environment, OfferType, Outcome, Prisma } from "@/lib/db";
import { db } from "@/lib/db";
import { reasonLabel, reasonLabels } from "@/lib/domain/cancellations/dashboard-events";
import { type KeysetPosition, keysetAfter, keysetPage } from "@/lib/domain/keyset-cursor";
import { effectiveSessionStatus, sessionStatusWhere } from "./status";

export type CancelSessionFilters = { status?: CancelSessionStatus; environment?: Environment };

export type CancelSessionRow = {
  id: string;
  status: CancelSessionStatus;
  environment: Environment;
  userId: string;
  createdAt: string;
  expiresAt: string;
  reason: { key: string; label: string } | null;
  offer: { type: OfferType; label: string | null; accepted: boolean | null } | null;
  outcome: Outcome | null;
};

export async function listCancelSessions(
  workspaceId: string,
  filters: CancelSessionFilters,
  opts: { after?: KeysetPosition; limit?: number; now?: Date } = {},
): Promise<{ data: CancelSessionRow[]; hasMore: boolean; nextCursor: string | null }> {
  const limit = opts.limit ?? 25;
  const now = opts.now ?? new Date();
  const and: Prisma.CancelSessionWhereInput[] = [];
  if (filters.status) and.push(sessionStatusWhere(filters.status, now));
  if (opts.after) and.push(keysetAfter("createdAt", opts.after));
  const [rows, labels] = await Promise.all([
    db.cancelSession.findMany({
      where: {
        workspaceId,
        ...(filters.environment ? { environment: filters.environment } : {}),
        ...(and.length ? { AND: and } : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: {
        id: true,
        status: true,
        environment: true,
        userId: true,
        createdAt: true,
        expiresAt: true,
        reasonKey: true,
        offerId: true,
        offerType: true,
        offerLabel: true,
        offerAccepted: true,
        outcome: true,
      },
    }),
    reasonLabels(workspaceId),
  ]);
  const { page, hasMore, nextCursor } = keysetPage(rows, limit, (s) => s.createdAt);
  return {
    data: page.map((s) => ({
      id: s.id,
      status: effectiveSessionStatus(s, now),
      environment: s.environment,
      userId: s.userId,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      reason: s.reasonKey ? { key: s.reasonKey, label: reasonLabel(labels, s.reasonKey) } : null,
      offer:
        s.offerId && s.offerType
          ? { type: s.offerType, label: s.offerLabel, accepted: s.offerAccepted }
          : null,
      outcome: s.outcome,
    })),
    hasMore,
    nextCursor,
  };
}
