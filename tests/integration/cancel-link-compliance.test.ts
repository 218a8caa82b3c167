// POST /api/v1/cancel-link's additions for languages and compliance (issue 15): locale, customer,
// subscription, intent in; locale and compliance_mode out; every bad value a 400 naming its field.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { db } from "@/lib/db";
import { apiRequest, createTestWorkspace } from "../helpers/factories";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;
let ws: Ws;
let forced: Ws;

beforeAll(async () => {
  ws = await createTestWorkspace({ plan: "core", returnUrls: ["http://localhost:4190/account"] });
  forced = await createTestWorkspace({ plan: "core", returnUrls: ["http://localhost:4190/account"] });
  await db.workspace.update({
    where: { id: forced.workspace.id },
    data: { complianceMode: "fr_3_clicks", defaultLocale: "es" },
  });
});

const post = (w: Ws, body: Record<string, unknown>) =>
  cancelLinkRoute(
    apiRequest("/api/v1/cancel-link", { apiKey: w.apiKey.key, body: { userId: "cus_1", ...body } }),
  );

async function ok(w: Ws, body: Record<string, unknown>) {
  const res = await post(w, body);
  expect(res.status).toBe(200);
  const link = (await res.json()) as { session_id: string; locale: string; compliance_mode: string };
  const session = await db.cancelSession.findUniqueOrThrow({ where: { id: link.session_id } });
  return { link, session };
}

describe("locale", () => {
  it("keeps a supported locale, falls back from a region to its language, else to the workspace default", async () => {
    expect((await ok(ws, { locale: "de" })).link.locale).toBe("de");
    const ca = await ok(ws, { locale: "fr-CA" });
    expect(ca.link.locale).toBe("fr");
    expect(ca.session.localeFromLink).toBe(true);
    const ja = await ok(ws, { locale: "ja" });
    expect(ja.link.locale).toBe("en");
    expect(ja.session.localeFromLink).toBe(false);
    const none = await ok(forced, {});
    expect(none.link.locale).toBe("es");
    expect(none.session).toMatchObject({ locale: "es", localeFromLink: false });
  });
});

describe("compliance mode", () => {
  it("auto picks by country and region, and is stored with the jurisdiction", async () => {
    const de = await ok(ws, { customer: { country: "de" } });
    expect(de.link.compliance_mode).toBe("de_312k");
    // The country chose a national mode, so its language (the link named none): the browser does
    // not choose. A link's own locale still wins; a forced mode leaves it to the workspace.
    expect(de.link.locale).toBe("de");
    expect(de.session).toMatchObject({ locale: "de", localeFromLink: true });
    expect((await ok(ws, { customer: { country: "FR" } })).link.locale).toBe("fr");
    expect((await ok(ws, { customer: { country: "DE" }, locale: "en-GB" })).link.locale).toBe("en");
    expect((await ok(ws, { customer: { country: "AT" } })).link).toMatchObject({
      compliance_mode: "click_to_cancel",
      locale: "en",
    });
    expect(de.session).toMatchObject({
      complianceMode: "de_312k",
      jurisdiction: "DE",
      customerCountry: "DE",
    });
    expect((await ok(ws, { customer: { country: "FR" } })).link.compliance_mode).toBe("fr_3_clicks");
    expect((await ok(ws, { customer: { country: "US", region: "ca" } })).session).toMatchObject({
      complianceMode: "click_to_cancel",
      jurisdiction: "US-CA",
    });
    expect((await ok(ws, { customer: { country: "US", region: "TX" } })).link.compliance_mode).toBe(
      "standard",
    );
    expect((await ok(ws, {})).link.compliance_mode).toBe("standard");
  });

  it("a forced workspace mode applies whatever the country", async () => {
    expect((await ok(forced, { customer: { country: "US" } })).link.compliance_mode).toBe("fr_3_clicks");
    expect((await ok(forced, { customer: { country: "FR" } })).link).toMatchObject({
      compliance_mode: "fr_3_clicks",
      locale: "es",
    });
  });

  it("stores the customer, the subscription and the intent", async () => {
    const { session } = await ok(ws, {
      intent: "withdrawal",
      customer: { email: "anna@example.com", name: "Anna Beispiel", country: "DE" },
      subscription: { reference: "SUB-1", description: "Pro, monthly", endsAt: "2027-01-31T23:59:59+01:00" },
    });
    expect(session).toMatchObject({
      intent: "withdrawal",
      customerEmail: "anna@example.com",
      customerName: "Anna Beispiel",
      subscriptionReference: "SUB-1",
      subscriptionDescription: "Pro, monthly",
    });
    expect(session.subscriptionEndsAt?.toISOString()).toBe("2027-01-31T22:59:59.000Z");
  });
});

describe("bad values are 400s that name the field, and store nothing", () => {
  it.each([
    [{ locale: "not a tag!" }, "locale"],
    [{ customer: { country: "XX" } }, "customer.country"],
    [{ customer: { country: "USA" } }, "customer.country"],
    [{ customer: { email: "nope" } }, "customer.email"],
    [{ customer: { country: "US", region: "ZZ" } }, "customer.region"],
    [{ customer: { region: "CA" } }, "customer.region"],
    [{ customer: { nickname: "x" } }, "customer"],
    [{ subscription: { endsAt: "tomorrow" } }, "subscription.endsAt"],
    [{ intent: "refund" }, "intent"],
  ])("%j → %s", async (body, field) => {
    const before = await db.cancelSession.count({ where: { workspaceId: ws.workspace.id } });
    const res = await post(ws, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("invalid_request");
    expect(json.error.message).toContain(field);
    expect(await db.cancelSession.count({ where: { workspaceId: ws.workspace.id } })).toBe(before);
  });
});
