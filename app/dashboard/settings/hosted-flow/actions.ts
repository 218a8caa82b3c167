"use server";

import { z } from "zod";
import { saved, workspaceAction } from "@/lib/dashboard/action";
import { text } from "@/lib/dashboard/forms";
import { createOffer, deleteOffer, updateOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason, moveReason, updateReason } from "@/lib/domain/reasons-offers/reasons";
import {
  addReturnHost,
  removeReturnHost,
  returnUrlProblem,
  setDefaultReturnUrl,
} from "@/lib/domain/workspaces/return-hosts";

// Settings change the workspace: admins and owners (the wrapper's policy also refuses the demo
// and workspaces whose subscription has ended).
const ADMIN = { role: "admin" } as const;

// ─── Hosted flow: return URLs, reasons, offers ─────────────────────────────────

const URL_HINT = "Enter a full URL, like https://app.example.com/account";
/** A return URL this deployment accepts (https in production), or empty when `optional`. */
const returnUrl = (optional = false) =>
  z.string().superRefine((v, ctx) => {
    if (optional && v === "") return;
    const problem = returnUrlProblem(v);
    if (problem) {
      ctx.addIssue({
        code: "custom",
        message: problem.startsWith("must be an absolute") ? URL_HINT : `The URL ${problem}.`,
      });
    }
  });

export const setDefaultReturnUrlAction = workspaceAction(
  {
    ...ADMIN,
    // Empty clears it.
    schema: z.object({
      defaultReturnUrl: text(returnUrl(true)),
    }),
  },
  async ({ defaultReturnUrl }, { workspace, actor }) => {
    const url = defaultReturnUrl || null;
    await setDefaultReturnUrl(workspace.id, url, { actor });
    return saved(url ? "Default return URL saved; its host is now allowed." : "Default return URL cleared.");
  },
);

export const addReturnHostAction = workspaceAction(
  { ...ADMIN, schema: z.object({ url: text(returnUrl()) }) },
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
