// Experiments: create (draft), start (running: its variants replace normal offer selection in its
// scope), stop (results stay), declare a winner (its offer becomes the scope's normal offer),
// delete (drafts only). Every change is audit-logged in the transaction that makes it.
import { checkAccess, denialError } from "@/lib/access/policy";
import { ApiError } from "@/lib/api/errors";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { type OfferKind, storedTerms } from "@/lib/domain/reasons-offers/terms";
import { createId } from "@/lib/ids";
import { computeResults } from "./results";
import {
  type CreateExperimentInput,
  createExperimentInput,
  type ExperimentDetail,
  type ExperimentResource,
  type ExperimentResults,
} from "./schema";

/** Who makes a change (the audit log's actor), and the clock (tests). */
export type ExperimentOptions = { actor?: Actor; now?: Date };

const experimentSelect = {
  id: true,
  name: true,
  reasonId: true,
  status: true,
  startedAt: true,
  stoppedAt: true,
  winnerVariant: true,
  createdAt: true,
  reason: { select: { key: true } },
  variants: {
    orderBy: { position: "asc" },
    select: {
      key: true,
      offerId: true,
      weight: true,
      offer: { select: { id: true, type: true, label: true, terms: true, enabled: true } },
    },
  },
} as const;

type ExperimentRow = {
  id: string;
  name: string;
  reasonId: string | null;
  status: "draft" | "running" | "stopped";
  startedAt: Date | null;
  stoppedAt: Date | null;
  winnerVariant: string | null;
  createdAt: Date;
  reason: { key: string } | null;
  variants: {
    key: string;
    offerId: string | null;
    weight: number;
    offer: { id: string; type: string; label: string; terms: unknown; enabled: boolean } | null;
  }[];
};

export function toExperimentResource(e: ExperimentRow): ExperimentResource {
  return {
    id: e.id,
    name: e.name,
    reasonKey: e.reason?.key ?? null,
    status: e.status,
    startedAt: e.startedAt?.toISOString() ?? null,
    stoppedAt: e.stoppedAt?.toISOString() ?? null,
    winnerVariant: e.winnerVariant,
    createdAt: e.createdAt.toISOString(),
    variants: e.variants.map((v) => ({
      key: v.key,
      offerId: v.offerId,
      holdout: v.offerId === null,
      weight: v.weight,
      offer: v.offer
        ? {
            id: v.offer.id,
            type: v.offer.type as OfferKind,
            label: v.offer.label,
            terms: storedTerms(v.offer.type, v.offer.terms),
            enabled: v.offer.enabled,
          }
        : null,
    })),
  };
}

/** 404 for an unknown workspace, 403 `plan_required` without offer experiments (Advanced). */
async function requireExperimentsPlan(tx: Tx, workspaceId: string): Promise<void> {
  const workspace = await tx.workspace.findUnique({
    where: { id: workspaceId },
    select: { plan: true, isDemo: true, subscriptionStatus: true, accessEndsAt: true, pastDueSince: true },
  });
  if (!workspace) throw new ApiError("not_found", `No workspace ${workspaceId}`);
  // The plan only: the callers' wrappers refuse writes to demo and read-only workspaces.
  const denial = checkAccess(workspace, { via: "domain" }, { feature: "experiments", write: false });
  if (denial) throw denialError(denial);
}

const scopeName = (reasonKey: string | null | undefined) =>
  reasonKey ? `the reason "${reasonKey}"` : "every reason";

/** Newest first. */
export async function listExperiments(workspaceId: string): Promise<ExperimentResource[]> {
  const rows = await db.experiment.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: experimentSelect,
  });
  return rows.map(toExperimentResource);
}

async function findExperiment(tx: Tx | typeof db, workspaceId: string, id: string): Promise<ExperimentRow> {
  const row = await tx.experiment.findFirst({ where: { id, workspaceId }, select: experimentSelect });
  if (!row) throw new ApiError("not_found", `No experiment ${id}`);
  return row;
}

export async function getExperiment(workspaceId: string, id: string): Promise<ExperimentResource> {
  return toExperimentResource(await findExperiment(db, workspaceId, id));
}

export async function createExperiment(
  workspaceId: string,
  raw: CreateExperimentInput,
  opts: ExperimentOptions = {},
): Promise<ExperimentResource> {
  const input = createExperimentInput.parse(raw);
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    await requireExperimentsPlan(tx, workspaceId);
    let reasonId: string | null = null;
    if (input.reasonKey) {
      const reason = await tx.reason.findUnique({
        where: { workspaceId_key: { workspaceId, key: input.reasonKey } },
        select: { id: true },
      });
      if (!reason) {
        const message = `No reason "${input.reasonKey}" in this workspace`;
        throw new ApiError("invalid_request", message, { issues: [{ path: "reasonKey", message }] });
      }
      reasonId = reason.id;
    }
    const offerIds = input.variants.flatMap((v) => (v.offerId ? [v.offerId] : []));
    const offers = await tx.offer.findMany({
      where: { workspaceId, id: { in: offerIds } },
      select: { id: true, type: true },
    });
    const known = new Map(offers.map((o) => [o.id, o]));
    const issues = input.variants.flatMap((v, i) => {
      if (!v.offerId) return [];
      const offer = known.get(v.offerId);
      if (!offer)
        return [{ path: `variants.${i}.offerId`, message: `No offer ${v.offerId} in this workspace` }];
      if (offer.type === "none") {
        return [
          { path: `variants.${i}.offerId`, message: `${v.offerId} shows no offer: use a holdout instead` },
        ];
      }
      return [];
    });
    if (issues.length > 0) {
      throw new ApiError("invalid_request", issues.map((i) => i.message).join("; "), { issues });
    }
    const id = createId("exp");
    await tx.experiment.create({
      data: {
        id,
        workspaceId,
        name: input.name,
        reasonId,
        status: "draft",
        createdAt: now,
        variants: {
          create: input.variants.map((v, position) => ({
            key: v.key,
            offerId: v.offerId,
            weight: v.weight,
            position,
          })),
        },
      },
    });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "experiment.created",
      target: id,
      details: {
        name: input.name,
        reasonKey: input.reasonKey ?? null,
        variants: input.variants.map((v) => ({ key: v.key, offerId: v.offerId, weight: v.weight })),
      },
    });
    return toExperimentResource(await findExperiment(tx, workspaceId, id));
  });
}

function isRunningScopeViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; meta?: unknown; cause?: unknown };
  const text = `${err?.message ?? ""} ${JSON.stringify(err?.meta ?? {})} ${String(err?.cause ?? "")}`;
  return (
    text.includes("Experiment_one_running_per_scope") ||
    (err?.code === "P2002" && text.includes("Experiment"))
  );
}

const runningConflict = (other: { name: string }, reasonKey: string | null) =>
  new ApiError(
    "conflict",
    `The experiment "${other.name}" is already running for ${scopeName(reasonKey)}: stop it first (one running experiment per scope)`,
  );

export async function startExperiment(
  workspaceId: string,
  id: string,
  opts: ExperimentOptions = {},
): Promise<ExperimentResource> {
  const now = opts.now ?? new Date();
  try {
    return await db.$transaction(async (tx) => {
      const e = await findExperiment(tx, workspaceId, id);
      await requireExperimentsPlan(tx, workspaceId);
      if (e.status !== "draft") {
        throw new ApiError("conflict", `Only draft experiments start: "${e.name}" is ${e.status}`);
      }
      const disabled = e.variants.find((v) => v.offer && !v.offer.enabled);
      if (disabled?.offer) {
        throw new ApiError(
          "conflict",
          `The offer "${disabled.offer.label}" (variant ${disabled.key}) is disabled: enable it first`,
        );
      }
      const other = await tx.experiment.findFirst({
        where: { workspaceId, status: "running", reasonId: e.reasonId, id: { not: e.id } },
        select: { name: true },
      });
      if (other) throw runningConflict(other, e.reason?.key ?? null);
      await tx.experiment.update({ where: { id: e.id }, data: { status: "running", startedAt: now } });
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "experiment.started",
        target: e.id,
        details: { name: e.name, reasonKey: e.reason?.key ?? null },
      });
      return toExperimentResource(await findExperiment(tx, workspaceId, id));
    });
  } catch (err) {
    if (err instanceof ApiError || !isRunningScopeViolation(err)) throw err;
    // Another start won the race between our check and our update: the index refused the second.
    const e = await findExperiment(db, workspaceId, id);
    const other = await db.experiment.findFirst({
      where: { workspaceId, status: "running", reasonId: e.reasonId, id: { not: e.id } },
      select: { name: true },
    });
    throw runningConflict(other ?? { name: "another experiment" }, e.reason?.key ?? null);
  }
}

export async function stopExperiment(
  workspaceId: string,
  id: string,
  opts: ExperimentOptions = {},
): Promise<ExperimentResource> {
  const now = opts.now ?? new Date();
  return db.$transaction(async (tx) => {
    const e = await findExperiment(tx, workspaceId, id);
    if (e.status !== "running") {
      throw new ApiError("conflict", `Only running experiments stop: "${e.name}" is ${e.status}`);
    }
    await tx.experiment.update({ where: { id: e.id }, data: { status: "stopped", stoppedAt: now } });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "experiment.stopped",
      target: e.id,
      details: { name: e.name },
    });
    return toExperimentResource(await findExperiment(tx, workspaceId, id));
  });
}

export async function declareWinner(
  workspaceId: string,
  id: string,
  variantKey: string,
  opts: ExperimentOptions = {},
): Promise<ExperimentResource> {
  return db.$transaction(async (tx) => {
    const e = await findExperiment(tx, workspaceId, id);
    if (e.status !== "stopped") {
      throw new ApiError(
        "conflict",
        `A winner is declared once the experiment is stopped: "${e.name}" is ${e.status}`,
      );
    }
    const variant = e.variants.find((v) => v.key === variantKey);
    if (!variant) {
      const keys = e.variants.map((v) => v.key).join(", ");
      const message = `No variant "${variantKey}" in this experiment (variants: ${keys})`;
      throw new ApiError("invalid_request", message, { issues: [{ path: "variant", message }] });
    }
    if (!variant.offerId) {
      const message = "A holdout has no offer to make normal: disable the scope's offers instead";
      throw new ApiError("invalid_request", message, { issues: [{ path: "variant", message }] });
    }
    const first = await tx.offer.aggregate({ where: { workspaceId }, _min: { position: true } });
    await tx.offer.update({
      where: { id: variant.offerId },
      data: { enabled: true, reasonId: e.reasonId, position: (first._min.position ?? 0) - 1 },
    });
    await tx.experiment.update({ where: { id: e.id }, data: { winnerVariant: variant.key } });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "experiment.winner_declared",
      target: e.id,
      details: {
        name: e.name,
        variant: variant.key,
        offerId: variant.offerId,
        reasonKey: e.reason?.key ?? null,
      },
    });
    return toExperimentResource(await findExperiment(tx, workspaceId, id));
  });
}

export async function deleteExperiment(workspaceId: string, id: string, opts: ExperimentOptions = {}) {
  await db.$transaction(async (tx) => {
    const e = await findExperiment(tx, workspaceId, id);
    if (e.status !== "draft") {
      throw new ApiError(
        "conflict",
        `"${e.name}" is ${e.status}: stop keeps the results; only drafts can be deleted`,
      );
    }
    await tx.experiment.delete({ where: { id: e.id } });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "experiment.deleted",
      target: e.id,
      details: { name: e.name },
    });
  });
}

/** Results per variant and lift over the holdout (results.ts), at `now`. */
export async function experimentResults(
  workspaceId: string,
  id: string,
  opts: { now?: Date } = {},
): Promise<ExperimentResults> {
  const e = await db.experiment.findFirst({
    where: { id, workspaceId },
    select: { id: true, variants: { orderBy: { position: "asc" }, select: { key: true, offerId: true } } },
  });
  if (!e) throw new ApiError("not_found", `No experiment ${id}`);
  return computeResults(e.id, e.variants, opts.now ?? new Date());
}

/** The experiment with its results (GET /api/v1/experiments/{id}). */
export async function getExperimentDetail(
  workspaceId: string,
  id: string,
  opts: { now?: Date } = {},
): Promise<ExperimentDetail> {
  const e = await findExperiment(db, workspaceId, id);
  const results = await computeResults(e.id, e.variants, opts.now ?? new Date());
  return { ...toExperimentResource(e), results };
}
