import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { db, type Plan, type SubscriptionStatus, type Tx } from "@/lib/db";
import { recordAudit, userActor } from "@/lib/domain/audit";
import { env } from "@/lib/env";
import { createId, randomBase62 } from "@/lib/ids";
import { insertApiKey } from "./api-keys";
import { DEFAULT_REASONS } from "./defaults";
import { returnOrigin } from "./return-hosts";
import { createSigningSecret } from "./signing-secrets";

export const createWorkspaceInput = z.object({
  name: z.string().trim().min(1, "Name is required").max(80, "Name must be at most 80 characters"),
  plan: z.enum(["core", "advanced"]).default("advanced"),
  isDemo: z.boolean().default(false),
  /** Self-hosting: `active` or `expired` (read-only). Omitted = no subscription, full access. */
  subscription: z.enum(["none", "active", "trialing", "expired"]).default("none"),
  trialDays: z.number().int().positive().default(14),
  returnUrls: z
    .array(z.string().refine((u) => returnOrigin(u) !== null, "must be an http(s) URL"))
    .default([]),
  ownerUserId: z.string().optional(),
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;

function slugify(name: string) {
  const base = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "workspace"}-${randomBase62(6).toLowerCase()}`;
}

type SubscriptionKind = "none" | "active" | "trialing" | "expired" | "needs_plan";

function subscriptionFields(kind: SubscriptionKind, trialDays: number, now: Date) {
  const fields: { subscriptionStatus: SubscriptionStatus; accessEndsAt: Date | null } = {
    subscriptionStatus: kind === "expired" ? "canceled" : kind === "needs_plan" ? "incomplete" : kind,
    accessEndsAt: null,
  };
  if (kind === "trialing") fields.accessEndsAt = new Date(now.getTime() + trialDays * 86_400_000);
  if (kind === "expired") fields.accessEndsAt = new Date(now.getTime() - 1000);
  return fields;
}

/** Said when a user already owns MAX_WORKSPACES_PER_USER workspaces. */
export function workspaceLimitMessage(max: number): string {
  return `You already own ${max} workspaces, the most one account can create. Ask an owner of one you no longer need to remove you, or contact your RetentBase operator.`;
}

/**
 * What a user creating a workspace may have, decided under a lock on their row (so two creations
 * at the same moment count each other): at most MAX_WORKSPACES_PER_USER owned workspaces, and one
 * free trial per user — a later workspace that would start on a trial starts without one
 * (`incomplete`: read-only until a plan is chosen under Billing).
 */
async function ownerAllowance(
  tx: Tx,
  userId: string,
  wanted: SubscriptionKind,
  now: Date,
): Promise<{ subscription: SubscriptionKind; trial: boolean }> {
  const [user] = await tx.$queryRaw<{ trialStartedAt: Date | null }[]>`
    select "trialStartedAt" from "User" where id = ${userId} for update`;
  if (!user) throw new ApiError("not_found", "That user no longer exists");
  const max = env().MAX_WORKSPACES_PER_USER;
  const owned = await tx.membership.count({
    where: { userId, role: "owner", workspace: { isDemo: false } },
  });
  if (owned >= max) throw new ApiError("conflict", workspaceLimitMessage(max));
  if (wanted !== "trialing") return { subscription: wanted, trial: false };
  if (user.trialStartedAt) return { subscription: "needs_plan", trial: false };
  await tx.user.update({ where: { id: userId }, data: { trialStartedAt: now } });
  return { subscription: "trialing", trial: true };
}

/**
 * A ready-to-use workspace: default reasons, a signing secret and a first API key (returned once).
 * The first return URL becomes the default; every one joins the return-host allowlist.
 */
export async function createWorkspace(raw: CreateWorkspaceInput) {
  const input = createWorkspaceInput.parse(raw);
  const now = new Date();
  const origins = [...new Set(input.returnUrls.map((u) => returnOrigin(u)!))];

  return db.$transaction(async (tx) => {
    const { subscription, trial } = input.ownerUserId
      ? await ownerAllowance(tx, input.ownerUserId, input.subscription, now)
      : { subscription: input.subscription, trial: input.subscription === "trialing" };
    const workspace = await tx.workspace.create({
      data: {
        id: createId("ws"),
        name: input.name,
        slug: slugify(input.name),
        workspaceKey: createId("wk"),
        plan: input.plan as Plan,
        isDemo: input.isDemo,
        defaultReturnUrl: input.returnUrls[0] ?? null,
        ...subscriptionFields(subscription, input.trialDays, now),
        reasons: { create: DEFAULT_REASONS.map((r, position) => ({ ...r, position })) },
        returnHosts: { create: origins.map((origin) => ({ origin })) },
        ...(input.ownerUserId
          ? { memberships: { create: { userId: input.ownerUserId, role: "owner" } } }
          : {}),
      },
      select: { id: true, workspaceKey: true, name: true, slug: true, plan: true, isDemo: true },
    });
    const signingSecret = await createSigningSecret(workspace.id, tx);
    const apiKey = await insertApiKey(tx, {
      workspaceId: workspace.id,
      name: "Default",
      createdById: input.ownerUserId,
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: input.ownerUserId ? userActor(input.ownerUserId) : "cli",
      action: "workspace.created",
      target: workspace.id,
      details: { plan: workspace.plan, isDemo: workspace.isDemo, trial },
    });
    return { workspace, apiKey, signingSecret, trial };
  });
}

export function listWorkspaces() {
  return db.workspace.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      workspaceKey: true,
      name: true,
      plan: true,
      subscriptionStatus: true,
      accessEndsAt: true,
      isDemo: true,
      createdAt: true,
    },
  });
}

export async function setWorkspacePlan(input: {
  workspaceId: string;
  plan?: Plan;
  subscription?: "none" | "active" | "trialing" | "expired";
}) {
  const data: Record<string, unknown> = {};
  if (input.plan) data.plan = input.plan;
  if (input.subscription) Object.assign(data, subscriptionFields(input.subscription, 14, new Date()));
  return db.workspace.update({
    where: { id: input.workspaceId },
    data,
    select: { id: true, plan: true, subscriptionStatus: true, accessEndsAt: true },
  });
}
