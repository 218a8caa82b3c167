"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, action, requireRole } from "@/lib/dashboard/context";
import { field, formValue, hasField } from "@/lib/dashboard/forms";
import { db } from "@/lib/db";
import { audit } from "@/lib/domain/audit";
import { createOffer, deleteOffer, updateOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason, reorderReasons, updateReason } from "@/lib/domain/reasons-offers/reasons";
import { createApiKey, revokeApiKey } from "@/lib/domain/workspaces/api-keys";
import {
  addReturnHost,
  removeReturnHost,
  returnOrigin,
  setDefaultReturnUrl,
} from "@/lib/domain/workspaces/return-hosts";
import { rotateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";

type Result<T = undefined> = ActionResult<T>;
const done = (message: string): Result => {
  revalidatePath("/dashboard", "layout");
  return { ok: true, message };
};

// ─── API keys and the signing secret ───────────────────────────────────────────

export async function createApiKeyAction(
  _p: Result<{ key: string }> | null,
  f: FormData,
): Promise<Result<{ key: string }>> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const name = z.string().trim().min(1, "Name the key, e.g. Production").max(60).parse(field(f, "name"));
    const key = await createApiKey({ workspaceId: current.id, name, createdById: user.id });
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "api_key.created",
      target: key.id,
      details: { name },
    });
    revalidatePath("/dashboard/settings");
    return { ok: true, data: { key: key.key } };
  });
}

export async function revokeApiKeyAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const keyId = field(f, "keyId");
    const revoked = await revokeApiKey({ keyId, workspaceId: current.id });
    if (!revoked) return { ok: false, message: "That key no longer exists." };
    await audit({ workspaceId: current.id, userId: user.id, action: "api_key.revoked", target: keyId });
    return done("Key revoked. Requests with it now get 401.");
  });
}

export async function revealSigningSecretAction(): Promise<Result<{ secret: string }>> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const secret = await db.signingSecret.findFirst({
      where: { workspaceId: current.id, expiresAt: null },
      orderBy: { createdAt: "desc" },
      select: { secret: true },
    });
    if (!secret) return { ok: false, message: "This workspace has no signing secret." };
    await audit({ workspaceId: current.id, userId: user.id, action: "signing_secret.revealed" });
    return { ok: true, data: { secret: secret.secret } };
  });
}

export async function rotateSigningSecretAction(_p: Result | null, _f: FormData): Promise<Result> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const { previousExpiresAt } = await rotateSigningSecret(current.id, { actor: `user:${user.id}` });
    return done(
      `Secret rotated. The previous one stays valid until ${previousExpiresAt.toUTCString()}: deploy the new one before then.`,
    );
  });
}

// ─── Hosted flow: return URLs, reasons, offers ─────────────────────────────────

const urlField = z
  .string()
  .trim()
  .refine((v) => returnOrigin(v) !== null, "Enter a full http(s) URL, like https://app.example.com/account");

export async function setDefaultReturnUrlAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const raw = field(f, "defaultReturnUrl");
    const url = raw === "" ? null : urlField.parse(raw);
    await setDefaultReturnUrl(current.id, url);
    await audit({
      workspaceId: current.id,
      userId: user.id,
      action: "return_url.default_set",
      details: { url },
    });
    return done(url ? "Default return URL saved; its host is now allowed." : "Default return URL cleared.");
  });
}

export async function addReturnHostAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const origin = await addReturnHost(
      current.id,
      z.object({ url: urlField }).parse({ url: field(f, "url") }).url,
    );
    await audit({ workspaceId: current.id, userId: user.id, action: "return_host.added", target: origin });
    return done(`${origin} is allowed.`);
  });
}

export async function removeReturnHostAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { user, current } = await requireRole("admin");
    const origin = field(f, "origin");
    await removeReturnHost(current.id, origin);
    await audit({ workspaceId: current.id, userId: user.id, action: "return_host.removed", target: origin });
    return done(`${origin} removed.`);
  });
}

export async function addReasonAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { current } = await requireRole("admin");
    await addReason(current.id, { key: field(f, "key"), label: field(f, "label") });
    return done("Reason added.");
  });
}

export async function updateReasonAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { current } = await requireRole("admin");
    const enabled = formValue(f, "enabled");
    await updateReason(current.id, field(f, "key"), {
      ...(hasField(f, "label") ? { label: field(f, "label") } : {}),
      ...(enabled === null ? {} : { enabled: enabled === "true" }),
    });
    return done("Reason saved.");
  });
}

export async function moveReasonAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { current } = await requireRole("admin");
    const keys = (
      await db.reason.findMany({
        where: { workspaceId: current.id },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { key: true },
      })
    ).map((r) => r.key);
    const i = keys.indexOf(field(f, "key"));
    const j = i + (field(f, "direction") === "up" ? -1 : 1);
    if (i < 0 || j < 0 || j >= keys.length) return { ok: true };
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    await reorderReasons(current.id, keys);
    return done("Order saved.");
  });
}

const optionalNumber = (v: string) => (v === "" ? undefined : Number(v));

export async function createOfferAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { current } = await requireRole("admin");
    const plans = field(f, "plans")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const targeting = Object.fromEntries(
      Object.entries({
        plans: plans.length ? plans : undefined,
        minMrr: optionalNumber(field(f, "minMrr")),
        maxMrr: optionalNumber(field(f, "maxMrr")),
        minTenureDays: optionalNumber(field(f, "minTenureDays")),
        maxTenureDays: optionalNumber(field(f, "maxTenureDays")),
      }).filter(([, v]) => v !== undefined),
    );
    await createOffer(current.id, {
      reasonKey: field(f, "reasonKey") || null,
      type: field(f, "type") as "discount" | "pause",
      label: field(f, "label"),
      terms: field(f, "terms") || null,
      targeting,
    });
    return done("Offer added.");
  });
}

export async function toggleOfferAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { current } = await requireRole("admin");
    await updateOffer(current.id, field(f, "offerId"), { enabled: field(f, "enabled") === "true" });
    return done("Offer saved.");
  });
}

export async function deleteOfferAction(_p: Result | null, f: FormData): Promise<Result> {
  return action(async () => {
    const { current } = await requireRole("admin");
    await deleteOffer(current.id, field(f, "offerId"));
    return done("Offer deleted.");
  });
}
