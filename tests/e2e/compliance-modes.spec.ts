// Each compliance mode's hosted flow in Chromium, as a customer walks it: the landing page, the
// clicks to the receipt page (at most the mode's maximum), <html lang>, axe on every page, on a
// desktop and a phone; a keyboard-only walk, a walk without JavaScript, the browser's language
// when the link named none, and withdrawals. Links come from the real API.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContextOptions,
  expect,
  type Locator,
  type Page,
  test,
} from "@playwright/test";
import { jwtVerify } from "jose";
import { rb } from "../helpers/run-script";
import {
  type CliWorkspace,
  createCliWorkspace,
  type MerchantSite,
  startMerchantSite,
} from "./support/merchant";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
const cancelOrigin = `http://cancel.localhost:${port}`;
const OFFER_LABEL = "Stay for 30% off your next 2 months";

let merchant: MerchantSite;
let merchantOrigin: string;
let ws: CliWorkspace;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  merchant = await startMerchantSite();
  merchantOrigin = merchant.origin;
  ws = await createCliWorkspace({
    prefix: "Modes E2E",
    plan: "advanced",
    returnUrl: `${merchantOrigin}/account`,
  });
  const offer = await rb(
    "offers",
    "add",
    "--workspace",
    ws.id,
    "--type",
    "discount",
    "--percent-off",
    "30",
    "--duration-months",
    "2",
    "--label",
    OFFER_LABEL,
    "--reason",
    "too_expensive",
    "--json",
  );
  expect(offer.code, offer.stderr).toBe(0);
});

test.afterAll(async () => {
  await merchant?.close();
});

type Link = { url: string; session_id: string; locale: string; compliance_mode: string; token: string };

async function createLink(body: Record<string, unknown>): Promise<Link> {
  const res = await fetch(`${appOrigin}/api/v1/cancel-link`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.apiKey}` },
    body: JSON.stringify({ userId: `cus_${randomBytes(4).toString("hex")}`, ...body }),
  });
  expect(res.status).toBe(200);
  const link = await res.json();
  return { ...link, token: link.url.split("/s/")[1] };
}

const DEVICES: [string, BrowserContextOptions][] = [
  ["desktop", { viewport: { width: 1280, height: 800 } }],
  ["phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
];

/** A walk through the flow that counts the customer's clicks and checks every page it lands on. */
class Walk {
  clicks = 0;
  constructor(
    readonly page: Page,
    readonly lang: string,
  ) {}

  /** One click (a tap on a phone) on a button of the flow. */
  async click(target: Locator) {
    await expect(target).toBeVisible();
    if (this.page.context().browser() && (this.page.viewportSize()?.width ?? 1280) < 500) await target.tap();
    else await target.click();
    this.clicks += 1;
  }

  /** The page in the walk's language, fitting the screen, axe clean. */
  async check(where: string) {
    await expect(this.page.locator("html")).toHaveAttribute("lang", this.lang);
    const fits = await this.page.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
    expect(fits, `${where} fits`).toBe(true);
    const results = await new AxeBuilder({ page: this.page }).analyze();
    expect(results.violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes[0]?.target}`)).toEqual(
      [],
    );
  }
}

/** The receipt page: its facts, the PDF link, and the way back with a result for `intent`. */
async function receipt(walk: Walk, link: Link, heading: string, intent: "cancel" | "withdrawal") {
  const { page } = walk;
  await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  // The receipt names the session id as its reference.
  await expect(page.getByText(link.session_id, { exact: true })).toBeVisible();
  const pdf = page.getByRole("link", { name: /PDF/ });
  await expect(pdf).toHaveAttribute("href", `/s/${link.token}/receipt.pdf`);
  await walk.check("receipt");
  const back = page.locator(`a[href^="${merchantOrigin}/account#ci_result_token="]`);
  await expect(back).toHaveCount(1);
  const href = new URL((await back.getAttribute("href"))!);
  const token = new URLSearchParams(href.hash.slice(1)).get("ci_result_token")!;
  const { payload } = await jwtVerify(token, new TextEncoder().encode(ws.signingSecret), {
    algorithms: ["HS256"],
    issuer: "retentbase",
    audience: ws.key,
  });
  expect(payload).toMatchObject({ sid: link.session_id, outcome: "churned", intent });
  const [event] = await sql<{ intent: string; outcome: string }>(
    `select intent::text, outcome::text from "CancellationEvent" where "cancelSessionId" = $1`,
    [link.session_id],
  );
  expect(event).toEqual({ intent, outcome: "churned" });
  return payload;
}

/**
 * What the merchant's API says of the session: the compliance record's clicks to the receipt page
 * and the pages it lists, and the timeline's page views (with the language each was shown in).
 */
async function recordedClicks(sessionId: string) {
  const res = await fetch(`${appOrigin}/api/v1/cancel-sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${ws.apiKey}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    timeline: { step: string; data?: Record<string, unknown> }[];
    compliance: { clicksToConfirmation: number | null; pages: { page: string }[] };
  };
  return {
    clicks: body.compliance.clicksToConfirmation,
    pages: body.compliance.pages.map((p) => p.page),
    shown: body.timeline.filter((e) => e.step === "page_shown"),
  };
}

async function onDevice<T>(browser: Browser, options: BrowserContextOptions, fn: (page: Page) => Promise<T>) {
  const context = await browser.newContext(options);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

for (const [device, options] of DEVICES) {
  test.describe(`on a ${device}`, () => {
    test("standard: “Skip and cancel” from the reasons, confirm, the receipt: 2 clicks", async ({
      browser,
    }) => {
      await onDevice(browser, options, async (page) => {
        const link = await createLink({ customer: { country: "US", region: "TX" } });
        expect(link.compliance_mode).toBe("standard");
        const walk = new Walk(page, "en");
        await page.goto(link.url);
        await expect(
          page.getByRole("heading", { level: 1, name: "We're sorry to see you go" }),
        ).toBeVisible();
        await walk.check("reason");
        await walk.click(page.getByRole("button", { name: "Skip and cancel" }));
        await expect(
          page.getByRole("heading", { level: 1, name: "Confirm your cancellation" }),
        ).toBeVisible();
        await walk.check("confirm");
        await walk.click(page.getByRole("button", { name: "Confirm cancellation" }));
        const payload = await receipt(walk, link, "Your cancellation request is confirmed", "cancel");
        expect(payload).toMatchObject({ reasonKey: "unspecified", offer: null });
        expect(walk.clicks).toBeLessThanOrEqual(2);
        const record = await recordedClicks(link.session_id);
        expect(record.clicks).toBe(walk.clicks);
        expect(record.pages).toEqual(["reason", "confirm", "receipt"]);
        expect(record.shown[0]?.data).toEqual({
          page: "reason",
          locale: "en",
          actions: ["reason", "cancel_now"],
        });
      });
    });

    test("click_to_cancel (US-CA): “Cancel subscription” on the first page, then the final confirmation: 2 clicks", async ({
      browser,
    }) => {
      await onDevice(browser, options, async (page) => {
        const link = await createLink({ customer: { country: "US", region: "CA" } });
        expect(link.compliance_mode).toBe("click_to_cancel");
        const walk = new Walk(page, "en");
        await page.goto(link.url);
        const cancel = page.getByRole("button", { name: "Cancel subscription" });
        await expect(cancel).toBeVisible();
        // Reasons are optional beside it.
        await expect(page.getByRole("radio", { name: "It's too expensive" })).toBeVisible();
        await walk.check("landing");
        await walk.click(cancel);
        await expect(
          page.getByRole("heading", { level: 1, name: "Confirm your cancellation" }),
        ).toBeVisible();
        await walk.check("confirm");
        await walk.click(page.getByRole("button", { name: "Confirm cancellation" }));
        await receipt(walk, link, "Your cancellation request is confirmed", "cancel");
        expect(walk.clicks).toBeLessThanOrEqual(2);
        expect((await recordedClicks(link.session_id)).clicks).toBe(walk.clicks);
      });
    });

    test("click_to_cancel: a reason with an offer shows it beside an equally prominent cancel button", async ({
      browser,
    }) => {
      await onDevice(browser, options, async (page) => {
        const link = await createLink({ customer: { country: "NL" } });
        expect(link.compliance_mode).toBe("click_to_cancel");
        const walk = new Walk(page, "en");
        await page.goto(link.url);
        await page.getByRole("radio", { name: "It's too expensive" }).check();
        await walk.click(page.getByRole("button", { name: "Continue" }));
        await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
        await walk.check("offer");
        const accept = page.getByRole("button", { name: "Accept offer" });
        const cancel = page.getByRole("button", { name: "Cancel subscription" });
        const [a, c] = [(await accept.boundingBox())!, (await cancel.boundingBox())!];
        expect(Math.abs(a.height - c.height)).toBeLessThan(1);
        const style = (l: Locator) =>
          l.evaluate((el) => {
            const s = getComputedStyle(el);
            return [s.fontSize, s.fontWeight, s.backgroundColor, s.color];
          });
        expect(await style(cancel)).toEqual(await style(accept));
        await walk.click(cancel);
        await expect(
          page.getByRole("heading", { level: 1, name: "Confirm your cancellation" }),
        ).toBeVisible();
        await walk.click(page.getByRole("button", { name: "Confirm cancellation" }));
        const payload = await receipt(walk, link, "Your cancellation request is confirmed", "cancel");
        expect(payload).toMatchObject({
          reasonKey: "too_expensive",
          offer: { type: "discount", accepted: false },
        });
      });
    });

    test("de_312k (DE, German): the landing page is the confirmation page; “Jetzt kündigen” → receipt: 1 click", async ({
      browser,
    }) => {
      await onDevice(browser, { ...options, locale: "en-US" }, async (page) => {
        // No locale: the country chose §312k, so its page is in German whatever the browser asks.
        const link = await createLink({
          customer: { country: "DE", name: "Erika Mustermann", email: "erika@example.de" },
          subscription: { reference: "V-1001", description: "Premium-Abo", endsAt: "2027-01-31T23:59:59Z" },
        });
        expect(link).toMatchObject({ compliance_mode: "de_312k", locale: "de" });
        const walk = new Walk(page, "de");
        await page.goto(link.url);
        await expect(page.getByRole("heading", { level: 1, name: "Vertrag kündigen" })).toBeVisible();
        await expect(page.getByText("Premium-Abo (V-1001)")).toBeVisible();
        await expect(page.getByText("31. Januar 2027")).toBeVisible();
        await expect(page.getByRole("radio", { name: "Ordentliche Kündigung", exact: true })).toBeChecked();
        await expect(page.getByLabel("Ihr Name")).toHaveValue("Erika Mustermann");
        await expect(page.getByLabel("E-Mail-Adresse für die Bestätigung")).toHaveValue("erika@example.de");
        // No offer, no reasons before the button.
        await expect(page.getByRole("button")).toHaveCount(1);
        await walk.check("§312k");
        await walk.click(page.getByRole("button", { name: "Jetzt kündigen" }));
        await receipt(walk, link, "Ihre Kündigung ist eingegangen", "cancel");
        expect(walk.clicks).toBe(1);
        expect((await recordedClicks(link.session_id)).clicks).toBe(1);
        const [row] = await sql<{ terminationType: string; confirmationEmail: string }>(
          `select "terminationType", "confirmationEmail" from "CancelSession" where id = $1`,
          [link.session_id],
        );
        expect(row).toEqual({ terminationType: "ordinary", confirmationEmail: "erika@example.de" });
      });
    });

    test("fr_3_clicks (FR, French): “Résilier” → recap → “Confirmer ma demande de résiliation”", async ({
      browser,
    }) => {
      await onDevice(browser, { ...options, locale: "en-US" }, async (page) => {
        const link = await createLink({
          customer: { country: "FR", name: "Jeanne Martin" },
          subscription: { description: "Abonnement Pro" },
        });
        // The link named no language, and France's mode chose French: an English browser gets it too.
        expect(link).toMatchObject({ compliance_mode: "fr_3_clicks", locale: "fr" });
        const walk = new Walk(page, "fr");
        await page.goto(link.url);
        await expect(
          page.getByRole("heading", { level: 1, name: "Résilier votre abonnement" }),
        ).toBeVisible();
        await walk.check("start");
        await walk.click(page.getByRole("button", { name: "Résilier", exact: true }));
        await expect(
          page.getByRole("heading", { level: 1, name: "Récapitulatif de votre demande de résiliation" }),
        ).toBeVisible();
        await expect(page.getByText("Jeanne Martin")).toBeVisible();
        await expect(page.getByText("Abonnement Pro")).toBeVisible();
        await expect(page.getByText("À la prochaine date possible")).toBeVisible();
        await walk.check("recap");
        await walk.click(page.getByRole("button", { name: "Confirmer ma demande de résiliation" }));
        await receipt(walk, link, "Votre demande de résiliation est enregistrée", "cancel");
        expect(walk.clicks).toBeLessThanOrEqual(3);
        const record = await recordedClicks(link.session_id);
        expect(record.pages).toEqual(["start", "recap", "receipt"]);
        // The session keeps it (receipts and emails speak it).
        const [row] = await sql<{ locale: string }>(`select locale from "CancelSession" where id = $1`, [
          link.session_id,
        ]);
        expect(row?.locale).toBe("fr");
      });
    });

    test("a withdrawal (standard): “Withdraw from contract” → “Confirm withdrawal” → receipt", async ({
      browser,
    }) => {
      await onDevice(browser, options, async (page) => {
        const link = await createLink({ intent: "withdrawal", subscription: { description: "Pro yearly" } });
        const walk = new Walk(page, "en");
        await page.goto(link.url);
        await expect(
          page.getByRole("heading", { level: 1, name: "Withdraw from your contract" }),
        ).toBeVisible();
        await expect(page.getByText("Pro yearly")).toBeVisible();
        await expect(page.getByRole("radio")).toHaveCount(0);
        await walk.check("withdraw");
        await walk.click(page.getByRole("button", { name: "Withdraw from contract" }));
        await expect(page.getByRole("heading", { level: 1, name: "Confirm your withdrawal" })).toBeVisible();
        await walk.check("confirm withdrawal");
        await walk.click(page.getByRole("button", { name: "Confirm withdrawal" }));
        await receipt(walk, link, "Your withdrawal is confirmed", "withdrawal");
        expect(walk.clicks).toBe(2);
      });
    });

    test("a withdrawal in de_312k (German): “Vertrag widerrufen” → “Widerruf bestätigen” → receipt", async ({
      browser,
    }) => {
      await onDevice(browser, options, async (page) => {
        const link = await createLink({ intent: "withdrawal", locale: "de", customer: { country: "DE" } });
        expect(link.compliance_mode).toBe("de_312k");
        const walk = new Walk(page, "de");
        await page.goto(link.url);
        await expect(page.getByRole("heading", { level: 1, name: "Ihren Vertrag widerrufen" })).toBeVisible();
        await walk.check("widerrufen");
        await walk.click(page.getByRole("button", { name: "Vertrag widerrufen" }));
        await walk.check("Widerruf bestätigen");
        await walk.click(page.getByRole("button", { name: "Widerruf bestätigen" }));
        await receipt(walk, link, "Ihr Widerruf ist eingegangen", "withdrawal");
        expect(walk.clicks).toBe(2);
      });
    });
  });
}

test("de_312k: an invalid email is refused beside its field, keeping what was typed; then it cancels", async ({
  page,
}) => {
  const link = await createLink({ locale: "de", customer: { country: "DE" } });
  await page.goto(link.url);
  await page.getByRole("radio", { name: /Außerordentliche Kündigung/ }).check();
  await page.getByLabel("Grund für die außerordentliche Kündigung").fill("Umzug ins Ausland");
  await page.getByLabel("Ihr Name").fill("Max Muster");
  const email = page.getByLabel("E-Mail-Adresse für die Bestätigung");
  await email.fill("max-at-example");
  await page.getByRole("button", { name: "Jetzt kündigen" }).click();
  await expect(page).toHaveURL(`${link.url}?error=email`);
  await expect(email).toHaveValue("max-at-example");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription(/gültige E-Mail-Adresse/);
  await expect(page.getByRole("radio", { name: /Außerordentliche Kündigung/ })).toBeChecked();
  await expect(page.getByLabel("Ihr Name")).toHaveValue("Max Muster");
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  expect(
    await sql(`select 1 from "CancellationEvent" where "cancelSessionId" = $1`, [link.session_id]),
  ).toHaveLength(0);

  await email.fill("max@example.de");
  await page.getByRole("button", { name: "Jetzt kündigen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ihre Kündigung ist eingegangen" })).toBeVisible();
  await expect(page.getByText("Außerordentliche Kündigung", { exact: true })).toBeVisible();
  const [row] = await sql<{
    terminationType: string;
    reasonText: string;
    customerName: string;
    confirmationEmail: string;
  }>(
    `select "terminationType", "reasonText", "customerName", "confirmationEmail" from "CancelSession" where id = $1`,
    [link.session_id],
  );
  expect(row).toEqual({
    terminationType: "extraordinary",
    reasonText: "Umzug ins Ausland",
    customerName: "Max Muster",
    confirmationEmail: "max@example.de",
  });
  // The refused click counts too: two clicks from landing to the receipt.
  expect((await recordedClicks(link.session_id)).clicks).toBe(2);
});

test("keyboard only (fr_3_clicks): Tab and Enter from the landing page to the receipt", async ({
  browser,
}) => {
  await onDevice(browser, { locale: "fr-FR" }, async (page) => {
    const link = await createLink({ locale: "fr", customer: { country: "FR" } });
    await page.goto(link.url);
    await page.keyboard.press("Tab");
    const start = page.getByRole("button", { name: "Résilier", exact: true });
    await expect(start).toBeFocused();
    await expect(start).toHaveCSS("outline-style", "solid");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: /Récapitulatif/ })).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Confirmer ma demande de résiliation" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(
      page.getByRole("heading", { level: 1, name: "Votre demande de résiliation est enregistrée" }),
    ).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: /PDF/ })).toBeFocused();
    await page.keyboard.press("Tab");
    const back = page.getByRole("link", { name: `Retour à ${ws.name}` });
    await expect(back).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    expect(new URL(page.url()).hash).toMatch(/^#ci_result_token=/);
  });
});

test("without JavaScript (click_to_cancel, phone): every form posts to the server and the receipt shows", async ({
  browser,
}) => {
  await onDevice(
    browser,
    { javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true },
    async (page) => {
      const link = await createLink({ customer: { country: "GB" } });
      await page.goto(link.url);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await page.getByRole("button", { name: "Cancel subscription" }).click();
      await page.getByRole("button", { name: "Confirm cancellation" }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: "Your cancellation request is confirmed" }),
      ).toBeVisible();
      // The optional survey, after the receipt: a reason for the event that had none.
      await page.getByRole("radio", { name: "I'm not using it enough" }).check();
      await page.getByRole("button", { name: "Send" }).click();
      await expect(page.getByRole("status")).toContainText("Thank you");
      await expect(page.getByRole("button", { name: "Send" })).toHaveCount(0);
      const [event] = await sql<{ reasonKey: string }>(
        `select "reasonKey" from "CancellationEvent" where "cancelSessionId" = $1`,
        [link.session_id],
      );
      expect(event?.reasonKey).toBe("not_using");
      await page.getByRole("link", { name: `Return to ${ws.name}` }).click();
      await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    },
  );
});

test("the browser's language chooses when the link named none (nor did a national mode); a link's own language wins", async ({
  browser,
}) => {
  await onDevice(browser, { locale: "es-ES" }, async (page) => {
    const none = await createLink({});
    await page.goto(none.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 1, name: "Sentimos que te vayas" })).toBeVisible();
    await expect(page).toHaveTitle(/Cancelar tu suscripción/);

    const english = await createLink({ locale: "en" });
    await page.goto(english.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: "We're sorry to see you go" })).toBeVisible();

    // A German customer (§312k) without a locale: German, not the browser's Spanish; with one: it.
    const german = await createLink({ customer: { country: "DE" } });
    await page.goto(german.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("button", { name: "Jetzt kündigen" })).toBeVisible();
    const spanish = await createLink({ locale: "es", customer: { country: "DE" } });
    await page.goto(spanish.url);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");

    // An unknown link: the browser's language too.
    const res = await page.goto(`${cancelOrigin}/s/${"Z".repeat(43)}`);
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(
      page.getByRole("heading", { level: 1, name: "Este enlace ha caducado o no es válido" }),
    ).toBeVisible();
  });
});
