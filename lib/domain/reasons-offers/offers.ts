import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { type OfferInput, type OfferUpdateInput, offerInput, offerUpdateInput } from "./schema";

const offerSelect = {
  id: true,
  type: true,
  label: true,
  terms: true,
  targeting: true,
  enabled: true,
  position: true,
  reasonId: true,
  reason: { select: { key: true } },
} as const;

export function listOffers(workspaceId: string) {
  return db.offer.findMany({
    where: { workspaceId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: offerSelect,
  });
}

async function reasonIdFor(workspaceId: string, key: string | null | undefined) {
  if (!key) return null;
  const reason = await db.reason.findUnique({
    where: { workspaceId_key: { workspaceId, key } },
    select: { id: true },
  });
  if (!reason) throw new ApiError("invalid_request", `No reason "${key}" in this workspace`);
  return reason.id;
}

export async function createOffer(workspaceId: string, raw: OfferInput) {
  const input = offerInput.parse(raw);
  const reasonId = await reasonIdFor(workspaceId, input.reasonKey);
  const last = await db.offer.aggregate({ where: { workspaceId }, _max: { position: true } });
  return db.offer.create({
    data: {
      workspaceId,
      reasonId,
      type: input.type,
      label: input.label,
      terms: input.terms ?? null,
      targeting: input.targeting,
      enabled: input.enabled,
      position: (last._max.position ?? -1) + 1,
    },
    select: offerSelect,
  });
}

export async function updateOffer(workspaceId: string, offerId: string, raw: OfferUpdateInput) {
  const input = offerUpdateInput.parse(raw);
  const existing = await db.offer.findFirst({ where: { id: offerId, workspaceId }, select: { id: true } });
  if (!existing) throw new ApiError("not_found", `No offer ${offerId}`);
  return db.offer.update({
    where: { id: offerId },
    data: {
      ...(input.reasonKey !== undefined ? { reasonId: await reasonIdFor(workspaceId, input.reasonKey) } : {}),
      ...(input.type ? { type: input.type } : {}),
      ...(input.label ? { label: input.label } : {}),
      ...(input.terms !== undefined ? { terms: input.terms ?? null } : {}),
      ...(input.targeting ? { targeting: input.targeting } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    },
    select: offerSelect,
  });
}

export async function deleteOffer(workspaceId: string, offerId: string) {
  const { count } = await db.offer.deleteMany({ where: { id: offerId, workspaceId } });
  if (!count) throw new ApiError("not_found", `No offer ${offerId}`);
}
