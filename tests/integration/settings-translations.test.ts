// Settings → Hosted flow: the default language and the compliance mode (admins only, not in the
// demo, checked by the domain, audited with the old values), and reasons' and offers' texts in the
// other languages (empty falls back to the default text; the same limits as the texts; audited),
// through the domain functions and the server actions as the browser posts them.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  setHostedLocaleAction,
  updateOfferTranslationsAction,
  updateReasonTranslationsAction,
} from "@/app/dashboard/settings/hosted-flow/actions";
import { db } from "@/lib/db";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason } from "@/lib/domain/reasons-offers/reasons";
import { updateOfferTranslations, updateReasonTranslations } from "@/lib/domain/reasons-offers/translate";
import { localizedOfferTexts, localizedReasonLabel } from "@/lib/domain/reasons-offers/translations";
import { getHostedLocaleSettings, updateHostedLocaleSettings } from "@/lib/domain/workspaces/hosted-locale";
import { createTestWorkspace } from "../helpers/factories";
import { request, resetRequest } from "../helpers/signed-in-request";

vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));
// Outside a request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

afterEach(() => {
  resetRequest();
});

const uid = () => randomBytes(4).toString("hex");

/** A workspace with an untranslated reason `too_slow` (the default reasons come translated). */
async function workspaceWithReason(overrides: Parameters<typeof createTestWorkspace>[0] = {}) {
  const created = await createTestWorkspace(overrides);
  await addReason(created.workspace.id, { key: "too_slow", label: "Too slow" });
  return created;
}

async function signedInOwner() {
  const u = await db.user.create({ data: { email: `i18n-${uid()}@example.com` } });
  const user = { id: u.id, email: u.email!, name: null };
  const { workspace } = await workspaceWithReason({ ownerUserId: u.id });
  request.user = user;
  request.cookies.set("rb_workspace", workspace.id);
  return { user, workspaceId: workspace.id };
}

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const audits = (workspaceId: string, action: string) =>
  db.auditLog.findMany({ where: { workspaceId, action }, orderBy: { createdAt: "asc" } });

const stored = (workspaceId: string) =>
  db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { defaultLocale: true, complianceMode: true },
  });

describe("the default language and the compliance mode", () => {
  it("default to English and auto; each is set alone, audited with its old value; no change, no entry", async () => {
    const { workspace } = await createTestWorkspace();
    expect(await getHostedLocaleSettings(workspace.id)).toEqual({
      defaultLocale: "en",
      complianceMode: "auto",
    });

    expect(await updateHostedLocaleSettings(workspace.id, { defaultLocale: "de" }, { actor: "cli" })).toEqual(
      {
        defaultLocale: "de",
        complianceMode: "auto",
        changed: ["defaultLocale"],
      },
    );
    expect(
      await updateHostedLocaleSettings(workspace.id, { complianceMode: "click_to_cancel" }, { actor: "cli" }),
    ).toMatchObject({ changed: ["complianceMode"] });
    expect(
      await updateHostedLocaleSettings(workspace.id, {
        defaultLocale: "de",
        complianceMode: "click_to_cancel",
      }),
    ).toMatchObject({ changed: [] });
    expect(await stored(workspace.id)).toEqual({ defaultLocale: "de", complianceMode: "click_to_cancel" });

    const entries = await audits(workspace.id, "workspace.settings_updated");
    expect(entries.map((e) => [e.actor, e.details])).toEqual([
      ["cli", { defaultLocaleFrom: "en", defaultLocale: "de" }],
      ["cli", { complianceModeFrom: "auto", complianceMode: "click_to_cancel" }],
    ]);
  });

  it("refuses a language we do not speak and a mode that does not exist, naming the field; nothing changes", async () => {
    const { workspace } = await createTestWorkspace();
    await expect(
      updateHostedLocaleSettings(workspace.id, { defaultLocale: "it", complianceMode: "eu" }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      details: {
        issues: [
          { path: "defaultLocale", message: expect.stringContaining("en, de, fr, es") },
          { path: "complianceMode", message: expect.stringContaining("auto, standard, click_to_cancel") },
        ],
      },
    });
    // Region variants are the link's business, not the default's.
    await expect(updateHostedLocaleSettings(workspace.id, { defaultLocale: "de-AT" })).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(await stored(workspace.id)).toEqual({ defaultLocale: "en", complianceMode: "auto" });
    expect(await audits(workspace.id, "workspace.settings_updated")).toEqual([]);
  });

  it("an admin saves both from the form; a refused mode is said beside its field and the form keeps both values", async () => {
    const { workspaceId, user } = await signedInOwner();
    expect(
      await setHostedLocaleAction(
        null,
        form({ workspaceId, defaultLocale: "fr", complianceMode: "fr_3_clicks" }),
      ),
    ).toEqual({
      ok: true,
      message: "Saved: Français by default, compliance mode France (résiliation en 3 clics).",
    });
    expect(await stored(workspaceId)).toEqual({ defaultLocale: "fr", complianceMode: "fr_3_clicks" });
    expect((await audits(workspaceId, "workspace.settings_updated"))[0]).toMatchObject({
      actor: `user:${user.id}`,
    });
    expect(
      await setHostedLocaleAction(
        null,
        form({ workspaceId, defaultLocale: "fr", complianceMode: "fr_3_clicks" }),
      ),
    ).toEqual({ ok: true, message: "No changes to save." });

    expect(
      await setHostedLocaleAction(null, form({ workspaceId, defaultLocale: "es", complianceMode: "strict" })),
    ).toMatchObject({
      ok: false,
      fieldErrors: { complianceMode: expect.stringMatching(/^Choose auto or one of the compliance modes/) },
      values: { defaultLocale: "es", complianceMode: "strict" },
    });
    expect(await stored(workspaceId)).toEqual({ defaultLocale: "fr", complianceMode: "fr_3_clicks" });
  });

  it("members and the demo workspace may not change them", async () => {
    const { workspaceId } = await signedInOwner();
    const m = await db.user.create({ data: { email: `member-${uid()}@example.com` } });
    await db.membership.create({ data: { userId: m.id, workspaceId, role: "member" } });
    request.user = { id: m.id, email: m.email!, name: null };
    expect(
      await setHostedLocaleAction(
        null,
        form({ workspaceId, defaultLocale: "de", complianceMode: "de_312k" }),
      ),
    ).toMatchObject({ ok: false, message: "Only admins and owners can do this." });

    const demo = await createTestWorkspace({ isDemo: true });
    request.cookies.set("rb_workspace", demo.workspace.id);
    expect(
      await setHostedLocaleAction(
        null,
        form({ workspaceId: demo.workspace.id, defaultLocale: "de", complianceMode: "de_312k" }),
      ),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/demo workspace is read-only/) });
    expect(await stored(workspaceId)).toEqual({ defaultLocale: "en", complianceMode: "auto" });
    expect(await stored(demo.workspace.id)).toEqual({ defaultLocale: "en", complianceMode: "auto" });
  });
});

describe("reason translations", () => {
  it("set, changed and removed per language; the hosted flow's reader falls back to the label; each change audited", async () => {
    const { workspace } = await workspaceWithReason();
    const { reason } = await updateReasonTranslations(
      workspace.id,
      "too_slow",
      { de: { label: " Zu langsam " }, fr: { label: "Trop lent" } },
      { actor: "cli" },
    );
    expect(reason).toMatchObject({
      key: "too_slow",
      label: "Too slow",
      translations: { de: { label: "Zu langsam" }, fr: { label: "Trop lent" } },
    });
    expect(localizedReasonLabel(reason, "de", "en")).toBe("Zu langsam");
    expect(localizedReasonLabel(reason, "es", "en")).toBe("Too slow");

    // Another language alone leaves the others; "" removes one; the same text again changes nothing.
    const after = await updateReasonTranslations(workspace.id, "too_slow", {
      es: { label: "Demasiado lento" },
      fr: { label: "" },
      de: { label: "Zu langsam" },
    });
    expect(after.reason.translations).toEqual({
      de: { label: "Zu langsam" },
      es: { label: "Demasiado lento" },
    });
    expect(after.changed.sort()).toEqual(["es", "fr"]);
    expect(localizedReasonLabel(after.reason, "fr", "en")).toBe("Too slow");

    const entries = await audits(workspace.id, "reason.translated");
    expect(entries.map((e) => [e.target, e.details])).toEqual(
      expect.arrayContaining([
        ["too_slow", { locale: "de", from: null, to: "Zu langsam" }],
        ["too_slow", { locale: "fr", from: null, to: "Trop lent" }],
        ["too_slow", { locale: "es", from: null, to: "Demasiado lento" }],
        ["too_slow", { locale: "fr", from: "Trop lent", to: null }],
      ]),
    );
    expect(entries).toHaveLength(4);
  });

  it("refuses the default language, a language we do not speak, a label over 120 characters, an unknown reason", async () => {
    const { workspace } = await workspaceWithReason();
    await updateHostedLocaleSettings(workspace.id, { defaultLocale: "de" });
    await expect(
      updateReasonTranslations(workspace.id, "too_slow", { de: { label: "Zu langsam" } }),
    ).rejects.toMatchObject({
      code: "invalid_request",
      details: { issues: [{ path: "locale", message: expect.stringMatching(/default language/) }] },
    });
    await expect(
      updateReasonTranslations(workspace.id, "too_slow", { it: { label: "Troppo lento" } }),
    ).rejects.toMatchObject({
      details: { issues: [{ path: "locale", message: expect.stringMatching(/choose en, fr, es/) }] },
    });
    await expect(
      updateReasonTranslations(workspace.id, "too_slow", { en: { label: "x".repeat(121) } }),
    ).rejects.toMatchObject({
      details: { issues: [{ path: "en.label", message: "At most 120 characters" }] },
    });
    await expect(
      updateReasonTranslations(workspace.id, "no_such_reason", { en: { label: "Nope" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    const row = await db.reason.findUniqueOrThrow({
      where: { workspaceId_key: { workspaceId: workspace.id, key: "too_slow" } },
    });
    expect(row.translations).toEqual({});
    expect(await audits(workspace.id, "reason.translated")).toEqual([]);
  });

  it("the form saves every language it shows; a label too long is refused beside it, keeping what was typed", async () => {
    const { workspaceId, user } = await signedInOwner();
    expect(
      await updateReasonTranslationsAction(
        null,
        form({
          workspaceId,
          key: "too_slow",
          "de.label": "Zu langsam",
          "fr.label": "",
          "es.label": "Demasiado lento",
        }),
      ),
    ).toEqual({ ok: true, message: "Translations of “Too slow” saved." });
    const row = () =>
      db.reason.findUniqueOrThrow({ where: { workspaceId_key: { workspaceId, key: "too_slow" } } });
    expect((await row()).translations).toEqual({
      de: { label: "Zu langsam" },
      es: { label: "Demasiado lento" },
    });
    expect((await audits(workspaceId, "reason.translated"))[0]).toMatchObject({ actor: `user:${user.id}` });

    const long = "Zu ".repeat(41);
    expect(
      await updateReasonTranslationsAction(
        null,
        form({ workspaceId, key: "too_slow", "de.label": long, "fr.label": "Trop lent", "es.label": "" }),
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { "de.label": "At most 120 characters" },
      values: { "de.label": long, "fr.label": "Trop lent" },
    });
    expect((await row()).translations).toEqual({
      de: { label: "Zu langsam" },
      es: { label: "Demasiado lento" },
    });
  });
});

describe("offer translations", () => {
  it("headline and small print per language, each falling back alone; a text not given stays; audited", async () => {
    const { workspace } = await createTestWorkspace();
    const offer = await createOffer(workspace.id, {
      type: "discount",
      label: "30% off for 3 months",
      termsText: "Then the usual price.",
      terms: { percentOff: 30, durationMonths: 3 },
    });
    await updateOfferTranslations(workspace.id, offer.id, {
      de: { label: "30 % Rabatt für 3 Monate", termsText: "Danach der übliche Preis." },
    });
    const { offer: updated, changed } = await updateOfferTranslations(
      workspace.id,
      offer.id,
      { de: { termsText: "" }, fr: { label: "30 % de réduction pendant 3 mois" } },
      { actor: "cli" },
    );
    expect(changed).toEqual(["de", "fr"]);
    expect(updated.translations).toEqual({
      de: { label: "30 % Rabatt für 3 Monate" },
      fr: { label: "30 % de réduction pendant 3 mois" },
    });
    expect(localizedOfferTexts(updated, "de", "en")).toEqual({
      label: "30 % Rabatt für 3 Monate",
      termsText: "Then the usual price.",
    });
    const entries = await audits(workspace.id, "offer.translated");
    expect(entries.map((e) => e.details)).toEqual([
      {
        locale: "de",
        labelFrom: null,
        label: "30 % Rabatt für 3 Monate",
        termsTextFrom: null,
        termsText: "Danach der übliche Preis.",
      },
      { locale: "de", termsTextFrom: "Danach der übliche Preis.", termsText: null },
      { locale: "fr", labelFrom: null, label: "30 % de réduction pendant 3 mois" },
    ]);
    await expect(
      updateOfferTranslations(workspace.id, offer.id, { es: { termsText: "x".repeat(1001) } }),
    ).rejects.toMatchObject({
      details: { issues: [{ path: "es.termsText", message: "At most 1,000 characters" }] },
    });
    const other = await createTestWorkspace();
    await expect(
      updateOfferTranslations(other.workspace.id, offer.id, { de: { label: "Fremd" } }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("the form saves each language's headline and small print; a headline too long is refused beside it", async () => {
    const { workspaceId } = await signedInOwner();
    const offer = await createOffer(workspaceId, {
      type: "pause",
      label: "Pause instead",
      terms: { maxMonths: 3 },
    });
    const fields = {
      workspaceId,
      offerId: offer.id,
      "de.label": "Lieber pausieren",
      "de.termsText": "Bis zu 3 Monate.",
      "fr.label": "",
      "fr.termsText": "",
      "es.label": "Mejor una pausa",
      "es.termsText": "",
    };
    expect(await updateOfferTranslationsAction(null, form(fields))).toEqual({
      ok: true,
      message: "Translations of “Pause instead” saved.",
    });
    const row = () => db.offer.findUniqueOrThrow({ where: { id: offer.id } });
    expect((await row()).translations).toEqual({
      de: { label: "Lieber pausieren", termsText: "Bis zu 3 Monate." },
      es: { label: "Mejor una pausa" },
    });
    expect(
      await updateOfferTranslationsAction(null, form({ ...fields, "fr.label": "P".repeat(201) })),
    ).toMatchObject({
      ok: false,
      fieldErrors: { "fr.label": "At most 200 characters" },
      values: { "fr.label": "P".repeat(201) },
    });
  });
});
