// Settings → Hosted flow as the browser posts it: offers of every type saved with their structured
// terms (only the chosen type's fields read), refusals with the error beside the term's field and
// what was typed sent back, editing an offer's terms, a delete refused while an experiment uses the
// offer, and the offer cooldown setting (admins only, audited).
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createOfferAction,
  deleteOfferAction,
  setOfferCooldownAction,
  updateOfferAction,
} from "@/app/dashboard/settings/hosted-flow/actions";
import { db } from "@/lib/db";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
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

async function owner() {
  const u = await db.user.create({ data: { email: `terms-${uid()}@example.com` } });
  const user = { id: u.id, email: u.email!, name: null };
  const { workspace } = await createTestWorkspace({ ownerUserId: u.id });
  request.user = user;
  request.cookies.set("rb_workspace", workspace.id);
  return { user, workspaceId: workspace.id };
}

/** What the add form posts: every type's term fields, empty unless given (the browser sends them all). */
function addForm(workspaceId: string, fields: Record<string, string>) {
  const all: Record<string, string> = {
    workspaceId,
    reasonKey: "",
    type: "discount",
    label: "An offer",
    termsText: "",
    discountKind: "percent",
    percentOff: "",
    amountOff: "",
    currency: "USD",
    durationKind: "months",
    durationMonths: "",
    maxMonths: "",
    toPlan: "",
    priceLabel: "",
    days: "",
    plans: "",
    minMrr: "",
    maxMrr: "",
    minTenureDays: "",
    maxTenureDays: "",
    ...fields,
  };
  const f = new FormData();
  for (const [k, v] of Object.entries(all)) f.set(k, v);
  return f;
}

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const offersOf = (workspaceId: string) =>
  db.offer.findMany({
    where: { workspaceId },
    orderBy: { position: "asc" },
    select: { type: true, label: true, terms: true, termsText: true },
  });

describe("adding an offer from Settings → Hosted flow", () => {
  it("saves each type with its structured terms, reading only the chosen type's fields", async () => {
    const { workspaceId } = await owner();
    const posts: Record<string, string>[] = [
      // Fields of other types left filled in (the browser posts every fieldset) are ignored.
      { type: "discount", label: "30% off", percentOff: "30", durationMonths: "3", maxMonths: "99" },
      {
        type: "discount",
        label: "€10 off forever",
        discountKind: "amount",
        percentOff: "500",
        amountOff: "10.5",
        currency: "eur",
        durationKind: "forever",
        durationMonths: "",
      },
      { type: "pause", label: "Take a break", maxMonths: "3", percentOff: "abc" },
      { type: "plan_change", label: "Go Lite", toPlan: "Lite", priceLabel: "$9/month" },
      { type: "plan_change", label: "Go Starter", toPlan: "Starter" },
      { type: "extension", label: "Two free weeks", days: "14", termsText: "Added to your renewal date." },
    ];
    for (const p of posts) {
      expect(await createOfferAction(null, addForm(workspaceId, p)), p.label).toEqual({
        ok: true,
        message: "Offer added.",
      });
    }
    expect(await offersOf(workspaceId)).toEqual([
      { type: "discount", label: "30% off", terms: { percentOff: 30, durationMonths: 3 }, termsText: null },
      {
        type: "discount",
        label: "€10 off forever",
        terms: { amountOff: 10.5, currency: "EUR", forever: true },
        termsText: null,
      },
      { type: "pause", label: "Take a break", terms: { maxMonths: 3 }, termsText: null },
      {
        type: "plan_change",
        label: "Go Lite",
        terms: { toPlan: "Lite", priceLabel: "$9/month" },
        termsText: null,
      },
      { type: "plan_change", label: "Go Starter", terms: { toPlan: "Starter" }, termsText: null },
      {
        type: "extension",
        label: "Two free weeks",
        terms: { days: 14 },
        termsText: "Added to your renewal date.",
      },
    ]);
  });

  it("a refused offer says what to fix beside each term's field and gets back what was typed", async () => {
    const { workspaceId } = await owner();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [
        { type: "discount", percentOff: "150", durationMonths: "" },
        {
          percentOff: "Enter a whole percentage from 1 to 100",
          durationMonths: "Enter a whole number of months from 1 to 36",
        },
      ],
      [
        { type: "discount", discountKind: "amount", amountOff: "0", currency: "XX", durationMonths: "40" },
        {
          amountOff: "Enter an amount more than 0, like 10 or 9.99",
          currency: "Enter a 3-letter currency code, like USD or EUR",
          durationMonths: "Enter a whole number of months from 1 to 36",
        },
      ],
      [{ type: "pause", maxMonths: "13" }, { maxMonths: "Enter a whole number of months from 1 to 12" }],
      [{ type: "pause", maxMonths: "2.5" }, { maxMonths: "Enter a whole number of months from 1 to 12" }],
      [{ type: "plan_change", toPlan: "  " }, { toPlan: "Name the plan to move the customer to" }],
      [{ type: "extension", days: "0" }, { days: "Enter a whole number of days from 1 to 365" }],
      [{ type: "coupon" }, { type: "Choose a discount, a pause, a plan change or a free extension" }],
    ];
    for (const [fields, fieldErrors] of cases) {
      const result = await createOfferAction(null, addForm(workspaceId, { label: "Kept", ...fields }));
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, fieldErrors });
      if (result.ok) continue;
      expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(Object.keys(fieldErrors).sort());
      expect(result.values).toMatchObject({ label: "Kept", ...fields });
    }
    expect(await db.offer.count({ where: { workspaceId } })).toBe(0);
  });
});

describe("editing an offer", () => {
  it("changes its headline, small print and terms; refused terms name their field and change nothing", async () => {
    const { workspaceId, user } = await owner();
    const offer = await createOffer(workspaceId, {
      type: "pause",
      label: "Take a break",
      terms: { maxMonths: 2 },
    });
    const edit = (fields: Record<string, string>) =>
      updateOfferAction(
        null,
        form({
          workspaceId,
          offerId: offer.id,
          type: "pause",
          label: "Take a longer break",
          termsText: "Billing resumes on its own.",
          maxMonths: "6",
          ...fields,
        }),
      );
    expect(await edit({})).toEqual({ ok: true, message: "Offer saved." });
    expect(await offersOf(workspaceId)).toEqual([
      {
        type: "pause",
        label: "Take a longer break",
        terms: { maxMonths: 6 },
        termsText: "Billing resumes on its own.",
      },
    ]);
    const entry = await db.auditLog.findFirst({
      where: { workspaceId, action: "offer.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(entry).toMatchObject({ actor: `user:${user.id}`, details: { terms: { maxMonths: 6 } } });

    expect(await edit({ maxMonths: "24", label: "Too long" })).toMatchObject({
      ok: false,
      fieldErrors: { maxMonths: "Enter a whole number of months from 1 to 12" },
      values: { maxMonths: "24", label: "Too long" },
    });
    // A form claiming another type is checked against the stored one: the error is beside that field.
    expect(
      await updateOfferAction(
        null,
        form({ workspaceId, offerId: offer.id, type: "extension", label: "X", termsText: "", days: "5" }),
      ),
    ).toMatchObject({ ok: false });
    expect((await offersOf(workspaceId))[0]).toMatchObject({
      label: "Take a longer break",
      terms: { maxMonths: 6 },
    });
  });

  it("an offer in an experiment is not deleted: the form says why", async () => {
    const { workspaceId } = await owner();
    const offer = await createOffer(workspaceId, {
      type: "extension",
      label: "A free month",
      terms: { days: 30 },
    });
    const experimentId = `exp_${uid()}`;
    await db.experiment.create({
      data: {
        id: experimentId,
        workspaceId,
        name: "Free month vs nothing",
        variants: {
          create: [
            { id: `var_${uid()}`, key: "month", offerId: offer.id, weight: 50, position: 0 },
            { id: `var_${uid()}`, key: "holdout", offerId: null, weight: 50, position: 1 },
          ],
        },
      },
    });
    const result = await deleteOfferAction(null, form({ workspaceId, offerId: offer.id }));
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/"A free month" is a variant of the experiment "Free month vs nothing"/),
    });
    expect(await db.offer.count({ where: { id: offer.id } })).toBe(1);
  });
});

describe("the offer cooldown", () => {
  it("defaults to 90 days; an admin sets it (0 turns it off), audited with the old value", async () => {
    const { workspaceId, user } = await owner();
    const stored = async () =>
      (await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).offerCooldownDays;
    expect(await stored()).toBe(90);
    expect(await setOfferCooldownAction(null, form({ workspaceId, offerCooldownDays: "30" }))).toEqual({
      ok: true,
      message: "Offer cooldown saved: 30 days.",
    });
    expect(await stored()).toBe(30);
    expect(await setOfferCooldownAction(null, form({ workspaceId, offerCooldownDays: "0" }))).toMatchObject({
      ok: true,
    });
    expect(await stored()).toBe(0);
    const entries = await db.auditLog.findMany({
      where: { workspaceId, action: "workspace.settings_updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => e.details)).toEqual([
      { offerCooldownDaysFrom: 90, offerCooldownDays: 30 },
      { offerCooldownDaysFrom: 30, offerCooldownDays: 0 },
    ]);
    expect(entries[0]).toMatchObject({ actor: `user:${user.id}` });
  });

  it("refuses what is not 0–365 whole days, beside the field, keeping what was typed", async () => {
    const { workspaceId } = await owner();
    for (const typed of ["366", "-1", "7.5", "soon", ""]) {
      expect(
        await setOfferCooldownAction(null, form({ workspaceId, offerCooldownDays: typed })),
        typed,
      ).toMatchObject({
        ok: false,
        fieldErrors: { offerCooldownDays: "Enter a whole number of days from 0 to 365" },
        values: { offerCooldownDays: typed },
      });
    }
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).offerCooldownDays).toBe(90);
  });

  it("members may not change it", async () => {
    const { workspaceId } = await owner();
    const m = await db.user.create({ data: { email: `member-${uid()}@example.com` } });
    await db.membership.create({ data: { userId: m.id, workspaceId, role: "member" } });
    request.user = { id: m.id, email: m.email!, name: null };
    expect(await setOfferCooldownAction(null, form({ workspaceId, offerCooldownDays: "5" }))).toMatchObject({
      ok: false,
    });
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).offerCooldownDays).toBe(90);
  });
});
