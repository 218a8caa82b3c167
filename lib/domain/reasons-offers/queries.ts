import "server-only";
import { db } from "@/lib/db";

/** The labels of the first `take` enabled reasons, in the order customers see them (the preview). */
export async function enabledReasonLabels(workspaceId: string, take: number): Promise<string[]> {
  const reasons = await db.reason.findMany({
    where: { workspaceId, enabled: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { label: true },
    take,
  });
  return reasons.map((r) => r.label);
}

/** The label of one of the workspace's reasons, or null when it no longer exists. */
export async function reasonLabel(workspaceId: string, key: string): Promise<string | null> {
  const reason = await db.reason.findUnique({
    where: { workspaceId_key: { workspaceId, key } },
    select: { label: true },
  });
  return reason?.label ?? null;
}

/** An offer's terms (the small print under its label), null when it has none or is gone. */
export async function offerTerms(offerId: string): Promise<string | null> {
  const offer = await db.offer.findUnique({ where: { id: offerId }, select: { termsText: true } });
  return offer?.termsText ?? null;
}
