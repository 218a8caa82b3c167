"use server";

import { z } from "zod";
import { refused, saved, workspaceAction } from "@/lib/dashboard/action";
import { text } from "@/lib/dashboard/forms";
import { createOffer, deleteOffer, updateOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason, moveReason, updateReason } from "@/lib/domain/reasons-offers/reasons";
import { createApiKey, revokeApiKey } from "@/lib/domain/workspaces/api-keys";
import {
  addReturnHost,
  removeReturnHost,
  returnOrigin,
  setDefaultReturnUrl,
} from "@/lib/domain/workspaces/return-hosts";
import { revealSigningSecret, rotateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";

// Settings change the workspace: admins and owners (the wrapper's policy also refuses the demo
// and workspaces whose subscription has ended).
const ADMIN = { role: "admin" } as const;

// ─── API keys and the signing secret ───────────────────────────────────────────

export const createApiKeyAction = workspaceAction(
  {
    ...ADMIN,
    schema: z.object({ name: text(z.string().min(1, "Name the key, e.g. Production").max(60)) }),
  },
  async ({ name }, { workspace, actor }) => {
    const key = await createApiKey({ workspaceId: workspace.id, name, actor });
    return saved(undefined, { key: key.key });
  },
);

export const revokeApiKeyAction = workspaceAction(
  { ...ADMIN, schema: z.object({ keyId: text() }) },
  async ({ keyId }, { workspace, actor }) => {
    const revoked = await revokeApiKey({ keyId, workspaceId: workspace.id, actor });
    if (!revoked) return refused("That key no longer exists.");
    return saved("Key revoked. Requests with it now get 401.");
  },
);

export const revealSigningSecretAction = workspaceAction(ADMIN, async (_input, { workspace, actor }) => {
  const secret = await revealSigningSecret(workspace.id, { actor });
  if (!secret) return refused("This workspace has no signing secret.");
  return saved(undefined, { secret });
});

export const rotateSigningSecretAction = workspaceAction(ADMIN, async (_input, { workspace, actor }) => {
  const { previousExpiresAt } = await rotateSigningSecret(workspace.id, { actor });
  return saved(
    `Secret rotated. The previous one stays valid until ${previousExpiresAt.toUTCString()}: deploy the new one before then.`,
  );
});

// ─── Hosted flow: return URLs, reasons, offers ─────────────────────────────────

const URL_HINT = "Enter a full http(s) URL, like https://app.example.com/account";
const returnUrl = z.string().refine((v) => returnOrigin(v) !== null, URL_HINT);

export const setDefaultReturnUrlAction = workspaceAction(
  {
    ...ADMIN,
    // Empty clears it.
    schema: z.object({
      defaultReturnUrl: text(z.string().refine((v) => v === "" || returnOrigin(v) !== null, URL_HINT)),
    }),
  },
  async ({ defaultReturnUrl }, { workspace, actor }) => {
    const url = defaultReturnUrl || null;
    await setDefaultReturnUrl(workspace.id, url, { actor });
    return saved(url ? "Default return URL saved; its host is now allowed." : "Default return URL cleared.");
  },
);

export const addReturnHostAction = workspaceAction(
  { ...ADMIN, schema: z.object({ url: text(returnUrl) }) },
  async ({ url }, { workspace, actor }) => {
    const origin = await addReturnHost(workspace.id, url, { actor });
    return saved(`${origin} is allowed.`);
  },
);

export const removeReturnHostAction = workspaceAction(
  { ...ADMIN, schema: z.object({ origin: text() }) },
  async ({ origin }, { workspace, actor }) => {
    await removeReturnHost(workspace.id, origin, { actor });
    return saved(`${origin} removed.`);
  },
);

export const addReasonAction = workspaceAction(
  { ...ADMIN, schema: z.object({ key: text(), label: text() }) },
  async (reason, { workspace }) => {
    await addReason(workspace.id, reason);
    return saved("Reason added.");
  },
);

export const updateReasonAction = workspaceAction(
  {
    ...ADMIN,
    // A form sends only what it edits: the label, or the enabled switch.
    schema: z.object({ key: text(), label: z.string().trim().optional(), enabled: z.string().optional() }),
  },
  async ({ key, label, enabled }, { workspace }) => {
    await updateReason(workspace.id, key, {
      ...(label === undefined ? {} : { label }),
      ...(enabled === undefined ? {} : { enabled: enabled === "true" }),
    });
    return saved("Reason saved.");
  },
);

export const moveReasonAction = workspaceAction(
  { ...ADMIN, schema: z.object({ key: text(), direction: text() }) },
  async ({ key, direction }, { workspace }) => {
    const moved = await moveReason(workspace.id, key, direction === "up" ? "up" : "down");
    return moved ? saved("Order saved.") : saved();
  },
);

const optionalNumber = (v: string) => (v === "" ? undefined : Number(v));

export const createOfferAction = workspaceAction(
  {
    ...ADMIN,
    schema: z.object({
      reasonKey: text(),
      type: text(),
      label: text(),
      terms: text(),
      plans: text(),
      minMrr: text(),
      maxMrr: text(),
      minTenureDays: text(),
      maxTenureDays: text(),
    }),
  },
  async (f, { workspace }) => {
    const plans = f.plans
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const targeting = Object.fromEntries(
      Object.entries({
        plans: plans.length ? plans : undefined,
        minMrr: optionalNumber(f.minMrr),
        maxMrr: optionalNumber(f.maxMrr),
        minTenureDays: optionalNumber(f.minTenureDays),
        maxTenureDays: optionalNumber(f.maxTenureDays),
      }).filter(([, v]) => v !== undefined),
    );
    await createOffer(workspace.id, {
      reasonKey: f.reasonKey || null,
      type: f.type as "discount" | "pause",
      label: f.label,
      terms: f.terms || null,
      targeting,
    });
    return saved("Offer added.");
  },
);

export const toggleOfferAction = workspaceAction(
  { ...ADMIN, schema: z.object({ offerId: text(), enabled: text() }) },
  async ({ offerId, enabled }, { workspace }) => {
    await updateOffer(workspace.id, offerId, { enabled: enabled === "true" });
    return saved("Offer saved.");
  },
);

export const deleteOfferAction = workspaceAction(
  { ...ADMIN, schema: z.object({ offerId: text() }) },
  async ({ offerId }, { workspace }) => {
    await deleteOffer(workspace.id, offerId);
    return saved("Offer deleted.");
  },
);
