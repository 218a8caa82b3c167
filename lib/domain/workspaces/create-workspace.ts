import { z } from "zod";
import { db, type Plan, type SubscriptionStatus } from "@/lib/db";
import { recordAudit, userActor } from "@/lib/domain/audit";
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

function subscriptionFields(kind: "none" | "active" | "trialing" | "expired", trialDays: number, now: Date) {
  const fields: { subscriptionStatus: SubscriptionStatus; accessEndsAt: Date | null } = {
    subscriptionStatus: kind === "expired" ? "canceled" : kind,
    accessEndsAt: null,
  };
  if (kind === "trialing") fields.accessEndsAt = new Date(now.getTime() + trialDays * 86_400_000);
  if (kind === "expired") fields.accessEndsAt = new Date(now.getTime() - 1000);
  return fields;
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
    const workspace = await tx.workspace.create({
      data: {
        id: createId("ws"),
        name: input.name,
        slug: slugify(input.name),
        workspaceKey: createId("wk"),
        plan: input.plan as Plan,
        isDemo: input.isDemo,
        defaultReturnUrl: input.returnUrls[0] ?? null,
        ...subscriptionFields(input.subscription, input.trialDays, now),
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
      details: { plan: workspace.plan, isDemo: workspace.isDemo },
    });
    return { workspace, apiKey, signingSecret };
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
