import { ApiError } from "@/lib/api/errors";
import { db, type Prisma, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { createId } from "@/lib/ids";
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

/** Who makes a change (the audit log's actor); the CLI and jobs say so, the dashboard passes the user. */
type WriteOptions = { actor?: Actor };

async function reasonIdFor(tx: Tx, workspaceId: string, key: string | null | undefined) {
  if (!key) return null;
  const reason = await tx.reason.findUnique({
    where: { workspaceId_key: { workspaceId, key } },
    select: { id: true },
  });
  if (!reason) {
    throw new ApiError("invalid_request", `No reason "${key}" in this workspace`, {
      issues: [{ path: "reasonKey", message: `No reason "${key}" in this workspace` }],
    });
  }
  return reason.id;
}

export async function createOffer(workspaceId: string, raw: OfferInput, opts: WriteOptions = {}) {
  const input = offerInput.parse(raw);
  return db.$transaction(async (tx) => {
    const reasonId = await reasonIdFor(tx, workspaceId, input.reasonKey);
    const last = await tx.offer.aggregate({ where: { workspaceId }, _max: { position: true } });
    const offer = await tx.offer.create({
      data: {
        id: createId("off"),
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
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "offer.created",
      target: offer.id,
      details: {
        type: offer.type,
        label: offer.label,
        reasonKey: offer.reason?.key ?? null,
        enabled: offer.enabled,
        targeting: input.targeting,
      },
    });
    return offer;
  });
}

export async function updateOffer(
  workspaceId: string,
  offerId: string,
  raw: OfferUpdateInput,
  opts: WriteOptions = {},
) {
  const input = offerUpdateInput.parse(raw);
  return db.$transaction(async (tx) => {
    const existing = await tx.offer.findFirst({ where: { id: offerId, workspaceId }, select: { id: true } });
    if (!existing) throw new ApiError("not_found", `No offer ${offerId}`);
    const offer = await tx.offer.update({
      where: { id: offerId },
      data: {
        ...(input.reasonKey !== undefined
          ? { reasonId: await reasonIdFor(tx, workspaceId, input.reasonKey) }
          : {}),
        ...(input.type ? { type: input.type } : {}),
        ...(input.label ? { label: input.label } : {}),
        ...(input.terms !== undefined ? { terms: input.terms ?? null } : {}),
        ...(input.targeting ? { targeting: input.targeting } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      },
      select: offerSelect,
    });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "offer.updated",
      target: offerId,
      details: { changed: Object.keys(input), ...input } as Prisma.InputJsonValue,
    });
    return offer;
  });
}

export async function deleteOffer(workspaceId: string, offerId: string, opts: WriteOptions = {}) {
  await db.$transaction(async (tx) => {
    const offer = await tx.offer.findFirst({
      where: { id: offerId, workspaceId },
      select: { id: true, label: true },
    });
    if (!offer) throw new ApiError("not_found", `No offer ${offerId}`);
    await tx.offer.delete({ where: { id: offer.id } });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "offer.deleted",
      target: offer.id,
      details: { label: offer.label },
    });
  });
}
