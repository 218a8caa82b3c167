import { ApiError } from "@/lib/api/errors";
import { db, type Prisma, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { createId } from "@/lib/ids";
import { type OfferInput, type OfferUpdateInput, offerInput, offerUpdateInput } from "./schema";
import { type OfferKind, TERMS_SCHEMAS } from "./terms";

const offerSelect = {
  id: true,
  type: true,
  label: true,
  terms: true,
  termsText: true,
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
        terms: input.terms as Prisma.InputJsonValue,
        termsText: input.termsText ?? null,
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
        terms: input.terms as Prisma.InputJsonValue,
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
    const existing = await tx.offer.findFirst({
      where: { id: offerId, workspaceId },
      select: { id: true, type: true },
    });
    if (!existing) throw new ApiError("not_found", `No offer ${offerId}`);
    // Terms alone are checked against the stored type (a new type came with its terms, checked by the schema).
    let terms: Prisma.InputJsonValue | undefined;
    if (input.terms !== undefined) {
      const type = (input.type ?? existing.type) as OfferKind;
      const parsed = TERMS_SCHEMAS[type]?.safeParse(input.terms);
      if (!parsed?.success) {
        const issues = (parsed?.error.issues ?? []).map((i) => ({
          path: ["terms", ...i.path.map(String)].join("."),
          message: i.message,
        }));
        throw new ApiError("invalid_request", issues[0]?.message ?? "Invalid terms", { issues });
      }
      terms = parsed.data as Prisma.InputJsonValue;
    }
    const offer = await tx.offer.update({
      where: { id: offerId },
      data: {
        ...(input.reasonKey !== undefined
          ? { reasonId: await reasonIdFor(tx, workspaceId, input.reasonKey) }
          : {}),
        ...(input.type ? { type: input.type } : {}),
        ...(input.label ? { label: input.label } : {}),
        ...(terms !== undefined ? { terms } : {}),
        ...(input.termsText !== undefined ? { termsText: input.termsText ?? null } : {}),
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
      select: { id: true, label: true, variants: { select: { experiment: { select: { name: true } } } } },
    });
    if (!offer) throw new ApiError("not_found", `No offer ${offerId}`);
    const experiment = offer.variants[0]?.experiment;
    if (experiment) {
      // The experiment's results name the offer: it stays while the experiment exists.
      throw new ApiError(
        "conflict",
        `"${offer.label}" is a variant of the experiment "${experiment.name}": disable it instead, or delete the experiment first`,
      );
    }
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
