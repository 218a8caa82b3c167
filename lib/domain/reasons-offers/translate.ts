// Setting the per-locale texts of reasons and offers (Settings → Hosted flow, `rb reasons update
// --locale`, `rb offers update --locale`). The workspace's default locale has no translation: its
// text is the row's own label (and terms text). An empty text removes the translation, so
// customers see the default text again (localizedReasonLabel / localizedOfferTexts).
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { db, type Prisma, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { isLocale, type Locale, SUPPORTED_LOCALES } from "@/lib/i18n/locales";
import { withTranslation } from "./translations";

/** The same limits as the texts themselves (schema.ts): a translation is never longer than allowed. */
export const REASON_LABEL_MAX = 120;
export const OFFER_LABEL_MAX = 200;
export const OFFER_TERMS_TEXT_MAX = 1000;

export const reasonTranslationInput = z.strictObject({
  label: z.string().trim().max(REASON_LABEL_MAX, `At most ${REASON_LABEL_MAX} characters`),
});
export const offerTranslationInput = z.strictObject({
  label: z.string().trim().max(OFFER_LABEL_MAX, `At most ${OFFER_LABEL_MAX} characters`).optional(),
  termsText: z.string().trim().max(OFFER_TERMS_TEXT_MAX, "At most 1,000 characters").optional(),
});

export type ReasonTranslationInput = z.input<typeof reasonTranslationInput>;
export type OfferTranslationInput = z.input<typeof offerTranslationInput>;
/** The texts to set, by locale; a locale not named keeps its texts. */
export type TranslationChanges<T> = Record<string, T>;

type WriteOptions = { actor?: Actor };
type Texts = { label?: string; termsText?: string };
type Stored = Record<string, Texts>;

/** The locales a workspace translates into: every supported one but its default. */
export function translatableLocales(defaultLocale: string): Locale[] {
  return SUPPORTED_LOCALES.filter((l) => l !== defaultLocale);
}

/** Each change checked: a locale we speak, not the default, texts within their limits (issues by path). */
function parseChanges<S extends z.ZodType>(
  changes: TranslationChanges<unknown>,
  schema: S,
  defaultLocale: string,
  what: string,
): [Locale, z.output<S>][] {
  const issues: { path: string; message: string }[] = [];
  const parsed: [Locale, z.output<S>][] = [];
  for (const [locale, texts] of Object.entries(changes)) {
    if (!isLocale(locale)) {
      issues.push({
        path: "locale",
        message: `"${locale}" is not a language the hosted flow speaks: choose ${translatableLocales(defaultLocale).join(", ")}`,
      });
      continue;
    }
    if (locale === defaultLocale) {
      issues.push({
        path: "locale",
        message: `"${locale}" is this workspace's default language: its text is the ${what}'s own (change that instead)`,
      });
      continue;
    }
    const result = schema.safeParse(texts);
    if (!result.success) {
      for (const i of result.error.issues) {
        issues.push({ path: [locale, ...i.path.map(String)].join("."), message: i.message });
      }
      continue;
    }
    parsed.push([locale, result.data]);
  }
  if (issues.length) {
    throw new ApiError("invalid_request", issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
      issues,
    });
  }
  return parsed;
}

const asStored = (v: unknown): Stored =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Stored) : {};

async function defaultLocaleOf(tx: Tx, workspaceId: string) {
  const ws = await tx.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { defaultLocale: true },
  });
  return ws.defaultLocale;
}

/**
 * Sets a reason's label in other locales ("" removes one). Each locale whose text changed is audited
 * (`reason.translated`, from and to); the row is locked first, so two editors of different locales
 * both keep theirs.
 */
export async function updateReasonTranslations(
  workspaceId: string,
  key: string,
  changes: TranslationChanges<ReasonTranslationInput>,
  opts: WriteOptions = {},
) {
  return db.$transaction(async (tx) => {
    const parsed = parseChanges(
      changes,
      reasonTranslationInput,
      await defaultLocaleOf(tx, workspaceId),
      "reason",
    );
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Reason" WHERE "workspaceId" = ${workspaceId} AND "key" = ${key} FOR UPDATE`;
    if (!locked) throw new ApiError("not_found", `No reason "${key}"`);
    const before = await tx.reason.findUniqueOrThrow({
      where: { id: locked.id },
      select: { translations: true },
    });
    let next: Stored = asStored(before.translations);
    const audits: { locale: Locale; from: string | null; to: string | null }[] = [];
    for (const [locale, texts] of parsed) {
      const from = next[locale]?.label ?? null;
      next = withTranslation(next, locale, texts);
      const to = next[locale]?.label ?? null;
      if (from !== to) audits.push({ locale, from, to });
    }
    const reason = await tx.reason.update({
      where: { id: locked.id },
      data: { translations: next as Prisma.InputJsonValue },
      select: { id: true, key: true, label: true, enabled: true, position: true, translations: true },
    });
    for (const a of audits) {
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "reason.translated",
        target: key,
        details: a,
      });
    }
    return { reason, changed: audits.map((a) => a.locale) };
  });
}

/**
 * Sets an offer's headline and/or terms text in other locales (a text not given stays, "" removes
 * it). Each locale with a change is audited (`offer.translated`, with the old and new texts).
 */
export async function updateOfferTranslations(
  workspaceId: string,
  offerId: string,
  changes: TranslationChanges<OfferTranslationInput>,
  opts: WriteOptions = {},
) {
  return db.$transaction(async (tx) => {
    const parsed = parseChanges(
      changes,
      offerTranslationInput,
      await defaultLocaleOf(tx, workspaceId),
      "offer",
    );
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Offer" WHERE "workspaceId" = ${workspaceId} AND "id" = ${offerId} FOR UPDATE`;
    if (!locked) throw new ApiError("not_found", `No offer ${offerId}`);
    const before = await tx.offer.findUniqueOrThrow({
      where: { id: locked.id },
      select: { translations: true },
    });
    let next: Stored = asStored(before.translations);
    const audits: Record<string, string | null>[] = [];
    for (const [locale, texts] of parsed) {
      const from = next[locale] ?? {};
      next = withTranslation(next, locale, texts);
      const to = next[locale] ?? {};
      const details: Record<string, string | null> = { locale };
      for (const k of ["label", "termsText"] as const) {
        if ((from[k] ?? null) !== (to[k] ?? null)) {
          details[`${k}From`] = from[k] ?? null;
          details[k] = to[k] ?? null;
        }
      }
      if (Object.keys(details).length > 1) audits.push(details);
    }
    const offer = await tx.offer.update({
      where: { id: locked.id },
      data: { translations: next as Prisma.InputJsonValue },
      select: {
        id: true,
        type: true,
        label: true,
        termsText: true,
        enabled: true,
        translations: true,
        reason: { select: { key: true } },
      },
    });
    for (const details of audits) {
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "offer.translated",
        target: offerId,
        details,
      });
    }
    return { offer, changed: audits.map((a) => a.locale as Locale) };
  });
}

/** Every reason's and offer's translations, for the settings page's forms. */
export async function listTranslations(workspaceId: string) {
  const [reasons, offers] = await Promise.all([
    db.reason.findMany({ where: { workspaceId }, select: { key: true, translations: true } }),
    db.offer.findMany({ where: { workspaceId }, select: { id: true, translations: true } }),
  ]);
  return {
    reasons: new Map(reasons.map((r) => [r.key, asStored(r.translations)])),
    offers: new Map(offers.map((o) => [o.id, asStored(o.translations)])),
  };
}
