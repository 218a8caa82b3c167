"use server";

import { z } from "zod";
import { saved, workspaceAction } from "@/lib/dashboard/action";
import { list, text, urlText } from "@/lib/dashboard/forms";
import { createOffer, deleteOffer, updateOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason, reorderReasons, updateReason } from "@/lib/domain/reasons-offers/reasons";
import { reasonKeySchema, reasonLabelSchema } from "@/lib/domain/reasons-offers/schema";
import { OFFER_TYPES } from "@/lib/domain/reasons-offers/terms";
import {
  OFFER_LABEL_MAX,
  OFFER_TERMS_TEXT_MAX,
  REASON_LABEL_MAX,
  updateOfferTranslations,
  updateReasonTranslations,
} from "@/lib/domain/reasons-offers/translate";
import { updateHostedLocaleSettings } from "@/lib/domain/workspaces/hosted-locale";
import { offerCooldownDaysSchema, updateOfferCooldown } from "@/lib/domain/workspaces/offer-cooldown";
import {
  addReturnHost,
  removeReturnHost,
  returnUrlProblem,
  setDefaultReturnUrl,
} from "@/lib/domain/workspaces/return-hosts";
import { LOCALE_NAMES, type Locale, SUPPORTED_LOCALES } from "@/lib/i18n/locales";
import { COMPLIANCE_SETTING_LABELS } from "./compliance-labels";
import { atTermFields, checkTermFields, termFields, termsFromForm } from "./offer-form";

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
      defaultReturnUrl: urlText(returnUrl(true)),
    }),
  },
  async ({ defaultReturnUrl }, { workspace, actor }) => {
    const url = defaultReturnUrl || null;
    await setDefaultReturnUrl(workspace.id, url, { actor });
    return saved(url ? "Default return URL saved; its host is now allowed." : "Default return URL cleared.");
  },
);

export const addReturnHostAction = workspaceAction(
  { ...ADMIN, schema: z.object({ url: urlText(returnUrl()) }) },
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
  { ...ADMIN, schema: z.object({ key: text(reasonKeySchema), label: text(reasonLabelSchema) }) },
  async (reason, { workspace, actor }) => {
    await addReason(workspace.id, reason, { actor });
    return saved("Reason added.");
  },
);

export const updateReasonAction = workspaceAction(
  {
    ...ADMIN,
    // A form sends only what it edits: the label, or the enabled switch.
    schema: z.object({ key: text(), label: z.string().trim().optional(), enabled: z.string().optional() }),
  },
  async ({ key, label, enabled }, { workspace, actor }) => {
    await updateReason(
      workspace.id,
      key,
      {
        ...(label === undefined ? {} : { label }),
        ...(enabled === undefined ? {} : { enabled: enabled === "true" }),
      },
      { actor },
    );
    return saved(
      enabled === undefined ? "Reason saved." : enabled === "true" ? "Reason enabled." : "Reason disabled.",
    );
  },
);

/** Drag to reorder: the whole order, every position set in one transaction (and one audit entry). */
export const reorderReasonsAction = workspaceAction(
  { ...ADMIN, schema: z.object({ keys: list(z.array(z.string().trim()).min(1)) }) },
  async ({ keys }, { workspace, actor }) => {
    await reorderReasons(workspace.id, keys, { actor });
    return saved("Order saved.");
  },
);

/** An optional amount typed into a number field: "" is none. */
const amount = (what: string, opts: { int?: boolean } = {}) =>
  text(
    z
      .string()
      .refine(
        (v) => v === "" || (/^\d+(\.\d+)?$/.test(v) && (!opts.int || Number.isInteger(Number(v)))),
        opts.int ? `${what}: enter a whole number of days, 0 or more` : `${what}: enter an amount, 0 or more`,
      )
      .transform((v) => (v === "" ? undefined : Number(v))),
  );

const OFFER_TYPE_HINT = "Choose a discount, a pause, a plan change or a free extension";

const offerForm = z
  .object({
    reasonKey: text(),
    type: text(z.enum(OFFER_TYPES, OFFER_TYPE_HINT)),
    label: text(
      z.string().min(1, "Give the offer a headline customers see").max(200, "At most 200 characters"),
    ),
    termsText: text(z.string().max(1000, "At most 1,000 characters")),
    ...termFields,
    plans: text(),
    minMrr: amount("Min MRR"),
    maxMrr: amount("Max MRR"),
    minTenureDays: amount("Min tenure", { int: true }),
    maxTenureDays: amount("Max tenure", { int: true }),
  })
  .superRefine((f, ctx) => {
    checkTermFields(f, ctx);
    if (f.minMrr !== undefined && f.maxMrr !== undefined && f.minMrr > f.maxMrr) {
      ctx.addIssue({ code: "custom", path: ["minMrr"], message: "Min MRR must not exceed max MRR" });
    }
    if (f.minTenureDays !== undefined && f.maxTenureDays !== undefined && f.minTenureDays > f.maxTenureDays) {
      ctx.addIssue({
        code: "custom",
        path: ["minTenureDays"],
        message: "Min tenure must not exceed max tenure",
      });
    }
  });

export const createOfferAction = workspaceAction(
  { ...ADMIN, schema: offerForm },
  async (f, { workspace, actor }) => {
    const plans = f.plans
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const targeting = Object.fromEntries(
      Object.entries({
        plans: plans.length ? plans : undefined,
        minMrr: f.minMrr,
        maxMrr: f.maxMrr,
        minTenureDays: f.minTenureDays,
        maxTenureDays: f.maxTenureDays,
      }).filter(([, v]) => v !== undefined),
    );
    try {
      await createOffer(
        workspace.id,
        {
          reasonKey: f.reasonKey || null,
          type: f.type,
          label: f.label,
          termsText: f.termsText || null,
          terms: termsFromForm(f.type, f).terms,
          targeting,
        },
        { actor },
      );
    } catch (e) {
      throw atTermFields(e);
    }
    return saved("Offer added.");
  },
);

/**
 * An offer's edit form: its headline, small print and terms (the type stays: the form shows the
 * stored type's fields, and the domain checks the terms against the stored type).
 */
export const updateOfferAction = workspaceAction(
  {
    ...ADMIN,
    schema: z
      .object({
        offerId: text(),
        type: text(
          z.enum(OFFER_TYPES, "This form does not say what type of offer it edits: reload the page"),
        ),
        label: text(
          z.string().min(1, "Give the offer a headline customers see").max(200, "At most 200 characters"),
        ),
        termsText: text(z.string().max(1000, "At most 1,000 characters")),
        ...termFields,
      })
      .superRefine(checkTermFields),
  },
  async (f, { workspace, actor }) => {
    try {
      await updateOffer(
        workspace.id,
        f.offerId,
        { label: f.label, termsText: f.termsText || null, terms: termsFromForm(f.type, f).terms },
        { actor },
      );
    } catch (e) {
      throw atTermFields(e);
    }
    return saved("Offer saved.");
  },
);

/** Customers who accepted an offer in the last N days see none (0: no cooldown). */
export const setOfferCooldownAction = workspaceAction(
  {
    ...ADMIN,
    schema: z.object({
      offerCooldownDays: text(
        z
          .string()
          .regex(/^\d+$/, "Enter a whole number of days from 0 to 365")
          .transform(Number)
          .pipe(offerCooldownDaysSchema),
      ),
    }),
  },
  async ({ offerCooldownDays }, { workspace, actor }) => {
    await updateOfferCooldown(workspace.id, offerCooldownDays, { actor });
    return saved(
      offerCooldownDays === 0
        ? "Offer cooldown off: customers may see an offer every time."
        : `Offer cooldown saved: ${offerCooldownDays} day${offerCooldownDays === 1 ? "" : "s"}.`,
    );
  },
);

export const toggleOfferAction = workspaceAction(
  { ...ADMIN, schema: z.object({ offerId: text(), enabled: text() }) },
  async ({ offerId, enabled }, { workspace, actor }) => {
    await updateOffer(workspace.id, offerId, { enabled: enabled === "true" }, { actor });
    return saved(enabled === "true" ? "Offer enabled." : "Offer disabled.");
  },
);

export const deleteOfferAction = workspaceAction(
  { ...ADMIN, schema: z.object({ offerId: text() }) },
  async ({ offerId }, { workspace, actor }) => {
    await deleteOffer(workspace.id, offerId, { actor });
    return saved("Offer deleted.");
  },
);

// ─── Language and compliance; translations of reasons and offers ─────────────

/** The default language and the compliance mode, saved together (the domain checks each, by field). */
export const setHostedLocaleAction = workspaceAction(
  { ...ADMIN, schema: z.object({ defaultLocale: text(), complianceMode: text() }) },
  async (f, { workspace, actor }) => {
    const { changed, defaultLocale, complianceMode } = await updateHostedLocaleSettings(workspace.id, f, {
      actor,
    });
    if (!changed.length) return saved("No changes to save.");
    return saved(
      `Saved: ${LOCALE_NAMES[defaultLocale]} by default, compliance mode ${COMPLIANCE_SETTING_LABELS[complianceMode]}.`,
    );
  },
);

/** One optional text per locale, as `<locale>.<field>` (the domain's issue paths, so errors land beside it). */
function perLocale(fieldName: string, max: number, message: string) {
  return Object.fromEntries(
    SUPPORTED_LOCALES.map((l) => [`${l}.${fieldName}`, z.string().trim().max(max, message).optional()]),
  );
}

/** Only the locales the form sent: a form from before a default-language change still names its own. */
function changesFrom(f: Record<string, string | undefined>, fields: readonly string[]) {
  const changes: Partial<Record<Locale, Record<string, string>>> = {};
  for (const l of SUPPORTED_LOCALES) {
    for (const name of fields) {
      const v = f[`${l}.${name}`];
      if (v !== undefined) changes[l] = { ...changes[l], [name]: v };
    }
  }
  return changes as Record<string, Record<string, string>>;
}

export const updateReasonTranslationsAction = workspaceAction(
  {
    ...ADMIN,
    schema: z.object({
      key: text(),
      ...perLocale("label", REASON_LABEL_MAX, `At most ${REASON_LABEL_MAX} characters`),
    }),
  },
  async ({ key, ...f }, { workspace, actor }) => {
    const { reason } = await updateReasonTranslations(
      workspace.id,
      key,
      changesFrom(f as Record<string, string | undefined>, ["label"]) as Record<string, { label: string }>,
      { actor },
    );
    return saved(`Translations of “${reason.label}” saved.`);
  },
);

export const updateOfferTranslationsAction = workspaceAction(
  {
    ...ADMIN,
    schema: z.object({
      offerId: text(),
      ...perLocale("label", OFFER_LABEL_MAX, `At most ${OFFER_LABEL_MAX} characters`),
      ...perLocale("termsText", OFFER_TERMS_TEXT_MAX, "At most 1,000 characters"),
    }),
  },
  async ({ offerId, ...f }, { workspace, actor }) => {
    const { offer } = await updateOfferTranslations(
      workspace.id,
      offerId,
      changesFrom(f as Record<string, string | undefined>, ["label", "termsText"]),
      { actor },
    );
    return saved(`Translations of “${offer.label}” saved.`);
  },
);
