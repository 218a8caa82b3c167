// The hosted cancellation flow in Chromium against the built app: both paths on the cancel host,
// the signed result back on the merchant's page, keyboard only, a phone screen, no JavaScript,
// back/reload/revisit, the expired and unknown page, the app host's 404, headers and axe.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
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
const NOT_FOUND_HEADING = "This link has expired or isn't valid";
const OFFER_LABEL = "Stay for 40% off your next 3 months";

type MerchantHit = { path: string; referer: string | undefined };

let merchant: MerchantSite;
let merchantOrigin: string;
const merchantHits: MerchantHit[] = [];
let ws: CliWorkspace;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  // The merchant's return page, on loopback: it serves a small page for any path.
  merchant = await startMerchantSite((req, res) => {
    merchantHits.push({ path: req.url ?? "", referer: req.headers.referer });
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/frame") return false;
    // A page that tries to embed a cancel link (frame-ancestors 'none' must stop it).
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html lang="en"><title>Framer</title><iframe title="embedded" src="${url.searchParams.get("src")}"></iframe></html>`,
    );
    return true;
  });
  merchantOrigin = merchant.origin;
  ws = await createCliWorkspace({
    prefix: "Hosted E2E",
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
    "40",
    "--duration-months",
    "3",
    "--label",
    OFFER_LABEL,
    "--reason",
    "too_expensive",
    "--terms",
    "The discount applies to your next three invoices.",
    "--json",
  );
  expect(offer.code, offer.stderr).toBe(0);
});

test.afterAll(async () => {
  await merchant?.close();
});

type Link = { url: string; session_id: string; expires_at: string; environment: string; token: string };

async function createLink(body: Record<string, unknown> = {}): Promise<Link> {
  const res = await fetch(`${appOrigin}/api/v1/cancel-link`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.apiKey}` },
    body: JSON.stringify({ userId: `cus_${randomBytes(4).toString("hex")}`, ...body }),
  });
  expect(res.status).toBe(200);
  const link = await res.json();
  expect(link.url.startsWith(`${cancelOrigin}/s/`)).toBe(true);
  return { ...link, token: link.url.split("/s/")[1] };
}

async function verifyViaApi(token: string) {
  const res = await fetch(`${appOrigin}/api/v1/cancel-results/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.apiKey}` },
    body: JSON.stringify({ token }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function diagnostics(sessionId: string) {
  const res = await fetch(`${appOrigin}/api/v1/cancel-sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${ws.apiKey}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function recorded(sessionId: string) {
  const [row] = await sql<{ events: string; outbox: string }>(
    `select (select count(*) from "CancellationEvent" where "cancelSessionId" = $1) as events,
            (select count(*) from "WebhookEvent" where "cancelSessionId" = $1) as outbox`,
    [sessionId],
  );
  return { events: Number(row!.events), outbox: Number(row!.outbox) };
}

/** The result token from the merchant page's URL fragment, checked with the signing secret. */
async function resultOn(page: Page) {
  await page.waitForURL((u) => u.origin === merchantOrigin);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const url = new URL(page.url());
  expect(url.origin).toBe(merchantOrigin);
  expect(url.pathname).toBe("/account");
  const token = new URLSearchParams(url.hash.slice(1)).get("ci_result_token");
  expect(token).toBeTruthy();
  const { payload } = await jwtVerify(token!, new TextEncoder().encode(ws.signingSecret), {
    algorithms: ["HS256"],
    issuer: "retentbase",
    audience: ws.key,
  });
  return { token: token!, payload };
}

const CONFIRMED = "Your cancellation request is confirmed";

/**
 * The final confirmation lands on the receipt page on the cancel host (never straight on the
 * merchant's page); its "Return to …" link carries the result.
 */
async function backFromReceipt(page: Page, how: "click" | "tap" = "click") {
  await expect(page).toHaveURL(/\/done$/);
  await expect(page.getByRole("heading", { level: 1, name: CONFIRMED })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download receipt (PDF)" })).toBeVisible();
  await page.getByRole("link", { name: `Return to ${ws.name}` })[how]();
  return resultOn(page);
}

/** Everything the page asks for, and every CSP complaint in its console. */
function watch(page: Page) {
  const requests: string[] = [];
  const cspMessages: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (/content security policy/i.test(m.text())) cspMessages.push(m.text());
  });
  page.on("pageerror", (e) => cspMessages.push(`pageerror: ${e.message}`));
  return {
    requests,
    cspMessages,
    expectOnlyOwnHosts() {
      const foreign = requests.filter((u) => {
        if (u.startsWith("data:")) return false;
        const origin = new URL(u).origin;
        return origin !== cancelOrigin && origin !== merchantOrigin;
      });
      expect(foreign).toEqual([]);
      expect(requests.some((u) => u.startsWith(cancelOrigin))).toBe(true);
      expect(cspMessages).toEqual([]);
    },
  };
}

async function expectNoAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes[0]?.target}`)).toEqual([]);
}

const reasonHeading = (page: Page) =>
  page.getByRole("heading", { level: 1, name: "We're sorry to see you go" });

test.describe("save path", () => {
  test("reason → offer → accept lands on the return page with a verifiable result", async ({ page }) => {
    const seen = watch(page);
    const hitsBefore = merchantHits.length;
    const link = await createLink({ context: { plan: "pro", mrr: 79 } });

    const first = await page.goto(link.url);
    expect(first?.status()).toBe(200);
    await expect(reasonHeading(page)).toBeVisible();
    await expect(page.getByText(ws.name, { exact: true })).toBeVisible();

    await page.getByRole("radio", { name: "It's too expensive" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/offer`);
    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
    await expect(page.getByText("The discount applies to your next three invoices.")).toBeVisible();

    await page.getByRole("button", { name: "Accept offer" }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    const { token, payload } = await resultOn(page);
    expect(payload).toMatchObject({
      sid: link.session_id,
      aud: ws.key,
      env: "prod",
      outcome: "recovered",
      reasonKey: "too_expensive",
      offer: { type: "discount", label: OFFER_LABEL, accepted: true },
    });
    expect(payload.exp! - payload.iat!).toBe(900);

    const verified = await verifyViaApi(token);
    expect(verified).toMatchObject({ valid: true, outcome: "recovered", sid: link.session_id });

    // The token travelled in the fragment only: the merchant's server never saw it, nor a Referer.
    const landing = merchantHits.slice(hitsBefore).filter((h) => h.path.startsWith("/account"));
    expect(landing.length).toBeGreaterThan(0);
    for (const hit of landing) {
      expect(hit.path).not.toContain("ci_result_token");
      expect(hit.referer).toBeUndefined();
    }

    seen.expectOnlyOwnHosts();
    expect(await recorded(link.session_id)).toEqual({ events: 1, outbox: 1 });
  });
});

test.describe("cancel path", () => {
  test("keyboard only: a reason without an offer, then confirm → churned", async ({ page }) => {
    const seen = watch(page);
    const link = await createLink();
    await page.goto(link.url);
    await expect(reasonHeading(page)).toBeVisible();

    // Tab into the reason group, arrow to "I'm not using it enough" (no offer for it).
    await page.keyboard.press("Tab");
    await expect(page.getByRole("radio", { name: "It's too expensive" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const notUsing = page.getByRole("radio", { name: "I'm not using it enough" });
    await expect(notUsing).toBeFocused();
    await page.keyboard.press("Space");
    await expect(notUsing).toBeChecked();

    await page.keyboard.press("Tab");
    await expect(page.getByLabel(/Anything else/)).toBeFocused();
    await page.keyboard.type("Only used it twice");
    await page.keyboard.press("Tab");
    const cont = page.getByRole("button", { name: "Continue" });
    await expect(cont).toBeFocused();
    // Keyboard focus is visible.
    await expect(cont).toHaveCSS("outline-style", "solid");
    await page.keyboard.press("Enter");

    await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/confirm`);
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
    await expect(page.getByText("I'm not using it enough")).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Confirm cancellation" })).toBeFocused();
    await page.keyboard.press("Enter");

    // The receipt page: its download, then the way back, by keyboard.
    await expect(page.getByRole("heading", { level: 1, name: CONFIRMED })).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Download receipt (PDF)" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: `Return to ${ws.name}` })).toBeFocused();
    await page.keyboard.press("Enter");
    const { token, payload } = await resultOn(page);
    expect(payload).toMatchObject({
      sid: link.session_id,
      outcome: "churned",
      reasonKey: "not_using",
      offer: null,
    });
    expect(await verifyViaApi(token)).toMatchObject({ valid: true, outcome: "churned" });

    const d = await diagnostics(link.session_id);
    expect(d).toMatchObject({
      status: "completed",
      outcome: "churned",
      reason: { key: "not_using", text: "Only used it twice" },
      offer: null,
    });
    expect(d.resultToken.verifiedAt).toEqual(expect.any(String));
    seen.expectOnlyOwnHosts();
  });
});

test.describe("navigation", () => {
  test("back from the offer keeps the chosen reason; continuing works", async ({ page }) => {
    const link = await createLink();
    await page.goto(link.url);
    await page.getByRole("radio", { name: "It's too expensive" }).check();
    await page.getByLabel(/Anything else/).fill("A bit much for us");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();

    await page.goBack();
    await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}`);
    await expect(reasonHeading(page)).toBeVisible();
    await expect(page.getByRole("radio", { name: "It's too expensive" })).toBeChecked();
    await expect(page.getByLabel(/Anything else/)).toHaveValue("A bit much for us");

    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
    await page.getByRole("button", { name: "No thanks, continue to cancel" }).click();
    await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/confirm`);
    // The confirm page's Back link returns to the offer, which can still be accepted.
    await page.getByRole("link", { name: "Back" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
    await page.getByRole("button", { name: "Accept offer" }).click();
    const { payload } = await resultOn(page);
    expect(payload).toMatchObject({ outcome: "recovered", offer: { accepted: true } });
  });

  test("a finished session shows its result again; reloads and re-posts never record twice", async ({
    page,
  }) => {
    const link = await createLink();
    await page.goto(link.url);
    await page.getByRole("radio", { name: "Something else" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    await backFromReceipt(page);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

    // Back from the merchant page: the receipt page again, not a fresh form.
    await page.goBack();
    await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
    await expect(page.getByRole("heading", { name: "Your cancellation request is confirmed" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm cancellation" })).toHaveCount(0);

    // Opening the link again: the result page, never the reason step.
    await page.goto(link.url);
    await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
    await expect(page.getByRole("heading", { name: "Your cancellation request is confirmed" })).toBeVisible();
    await expect(reasonHeading(page)).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Your cancellation request is confirmed" })).toBeVisible();

    // The final form posted again from the browser (a resubmitted reload, a double click): the
    // customer lands on the result page again and nothing new is recorded.
    for (let i = 0; i < 2; i++) {
      await page.evaluate((action) => {
        const form = document.createElement("form");
        form.method = "post";
        form.action = action;
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "action";
        input.value = "confirm";
        form.append(input);
        document.body.append(form);
        form.submit();
      }, `/s/${link.token}/submit`);
      await page.waitForURL(`${cancelOrigin}/s/${link.token}/done`);
      await expect(
        page.getByRole("heading", { name: "Your cancellation request is confirmed" }),
      ).toBeVisible();
    }

    // "Return to …" carries a fresh, valid result.
    await page.getByRole("link", { name: `Return to ${ws.name}` }).click();
    const { token, payload } = await resultOn(page);
    expect(payload).toMatchObject({ sid: link.session_id, outcome: "churned", reasonKey: "other" });
    expect(await verifyViaApi(token)).toMatchObject({ valid: true });

    expect(await recorded(link.session_id)).toEqual({ events: 1, outbox: 1 });
    const d = await diagnostics(link.session_id);
    expect(d.cancellation).toMatchObject({ eventId: link.session_id, outcome: "churned" });
    expect(d.timeline.filter((e: { step: string }) => e.step === "completed")).toHaveLength(1);
    expect(d.timeline.filter((e: { step: string }) => e.step === "opened")).toHaveLength(1);
  });
});

test.describe("step order and the finished link", () => {
  test("an out-of-order post (confirm while the offer is unanswered) lands back on the offer, explained", async ({
    page,
  }) => {
    const link = await createLink();
    await page.goto(link.url);
    await page.getByRole("radio", { name: "It's too expensive" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
    // A crafted form post skipping the offer (what a stale tab or a script would send).
    await page.evaluate((action) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = action;
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "action";
      input.value = "confirm";
      form.append(input);
      document.body.append(form);
      form.submit();
    }, `/s/${link.token}/submit`);
    await page.waitForURL(`${cancelOrigin}/s/${link.token}/offer?error=order`);
    await expect(page.getByRole("status")).toContainText("Please choose one of the options below first");
    await expectNoAxeViolations(page, "offer with the order notice");
    expect(await recorded(link.session_id)).toEqual({ events: 0, outbox: 0 });
    // The flow goes on from there as usual.
    await page.getByRole("button", { name: "No thanks, continue to cancel" }).click();
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    const { payload } = await backFromReceipt(page);
    expect(payload).toMatchObject({ outcome: "churned", offer: { accepted: false } });
    const d = await diagnostics(link.session_id);
    const steps = d.timeline.map((e: { step: string }) => e.step);
    expect(steps.filter((s: string) => s === "offer_declined")).toHaveLength(1);
    expect(steps.indexOf("offer_shown")).toBeLessThan(steps.indexOf("offer_declined"));
  });

  test("without JavaScript on a phone: a post out of turn comes back to the step with its explanation, fitting the screen", async ({
    browser,
  }) => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const page = await context.newPage();
    /** A plain HTML form posting `action` to the link (a stale page or another tab), sent with a click. */
    const postOutOfTurn = async (link: Link, action: string) => {
      await page.setContent(
        `<form method="post" action="${link.url}/submit"><input type="hidden" name="action" value="${action}"><button>Send</button></form>`,
      );
      await page.getByRole("button", { name: "Send" }).click();
    };
    const fits = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    try {
      const link = await createLink();
      await page.goto(link.url);
      // Accepting before any reason.
      await postOutOfTurn(link, "accept");
      await expect(page).toHaveURL(`${link.url}?error=order`);
      await expect(page.getByRole("alert")).toHaveText("Please choose a reason first, then continue.");
      expect(await fits()).toBe(true);
      await page.getByRole("radio", { name: "I'm not using it enough" }).check();
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
      // Declining an offer there is none of.
      await postOutOfTurn(link, "decline");
      await expect(page).toHaveURL(`${link.url}/confirm?error=order`);
      await expect(page.getByRole("status")).toContainText("There's no offer for this reason");
      expect(await fits()).toBe(true);
      expect(await recorded(link.session_id)).toEqual({ events: 0, outbox: 0 });
      await page.getByRole("button", { name: "Confirm cancellation" }).click();
      await expect(page.getByRole("heading", { level: 1, name: CONFIRMED })).toBeVisible();
      expect(await fits()).toBe(true);
      const { payload } = await backFromReceipt(page);
      expect(payload).toMatchObject({ outcome: "churned", reasonKey: "not_using", offer: null });
    } finally {
      await context.close();
    }
  });

  test("the done page: the same token for 15 minutes, then the outcome without one, then expired after 24 h", async ({
    page,
  }) => {
    const link = await createLink();
    await page.goto(link.url);
    await page.getByRole("radio", { name: "Something else" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    const { token: first } = await backFromReceipt(page);
    const done = `${cancelOrigin}/s/${link.token}/done`;
    const confirmed = page.getByRole("heading", { name: "Your cancellation request is confirmed" });
    const back = page.getByRole("link", { name: `Return to ${ws.name}` });

    for (let i = 0; i < 2; i++) {
      await page.goto(done);
      await expect(confirmed).toBeVisible();
      // The confirmation already happened: no "until you confirm" footer here, but a fitting one.
      await expect(page.getByText(/until you confirm/)).toHaveCount(0);
      await expect(page.getByText(`Your answer has reached ${ws.name}.`, { exact: false })).toBeVisible();
      const href = new URL((await back.getAttribute("href"))!);
      expect(new URLSearchParams(href.hash.slice(1)).get("ci_result_token")).toBe(first);
    }

    // Finished 16 minutes ago: the outcome and the way back, but no token.
    const shift = (interval: string) =>
      sql(
        `update "CancelSession" set "completedAt" = "completedAt" - $2::interval,
           "resultTokenIssuedAt" = "resultTokenIssuedAt" - $2::interval where id = $1`,
        [link.session_id, interval],
      );
    await shift("16 minutes");
    await page.goto(done);
    await expect(confirmed).toBeVisible();
    expect(await back.getAttribute("href")).toBe(`${merchantOrigin}/account`);
    expect(await page.content()).not.toContain("ci_result_token");

    // A day after: the link has expired, calmly, with nothing to act on.
    await shift("1 day");
    const res = await page.goto(done);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
    await expect(confirmed).toHaveCount(0);
    await expect(back).toHaveCount(0);
    expect(await page.content()).not.toContain("ci_result_token");
    await expectNoAxeViolations(page, "finished link expired");
    // Every step of the link leads there.
    await page.goto(link.url);
    await expect(page).toHaveURL(done);
    expect(await recorded(link.session_id)).toEqual({ events: 1, outbox: 1 });
  });
});

test.describe("links that do not work", () => {
  test("an unknown token and an expired session show the expired page with 404", async ({ page }) => {
    for (const path of [`/s/${"A".repeat(43)}`, "/s/not-a-token", `/s/${"B".repeat(43)}/confirm`]) {
      const res = await page.goto(`${cancelOrigin}${path}`);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: NOT_FOUND_HEADING })).toBeVisible();
    }

    const link = await createLink();
    // The column holds UTC: a bare now() would be stored in the database server's timezone.
    await sql(
      `update "CancelSession" set "expiresAt" = (now() at time zone 'UTC') - interval '1 minute' where id = $1`,
      [link.session_id],
    );
    for (const url of [link.url, `${link.url}/offer`, `${link.url}/done`]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
      await expect(page.getByRole("heading", { level: 1, name: "This link has expired" })).toBeVisible();
      await expect(page.getByText("Nothing has changed on your subscription.")).toBeVisible();
    }
    await expectNoAxeViolations(page, "expired page");
    expect(await recorded(link.session_id)).toEqual({ events: 0, outbox: 0 });
  });

  test("an expired link shows the merchant's branding and the way back; an unknown one reveals nothing", async ({
    page,
  }) => {
    const link = await createLink();
    await sql(
      `update "CancelSession" set "expiresAt" = (now() at time zone 'UTC') - interval '1 minute' where id = $1`,
      [link.session_id],
    );
    for (const url of [link.url, `${link.url}/confirm`]) {
      const res = await page.goto(url);
      expect(res?.status(), url).toBe(404);
      await expect(page.getByRole("banner")).toContainText(ws.name);
      const back = page.getByRole("link", { name: `Return to ${ws.name}` });
      await expect(back).toHaveAttribute("href", `${merchantOrigin}/account`);
      await expect(page.getByText("Nothing has changed on your subscription.")).toBeVisible();
    }
    await expectNoAxeViolations(page, "expired page with branding");
    await page.getByRole("link", { name: `Return to ${ws.name}` }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

    // An unknown token: the generic page, with no workspace, no return link, nothing of anyone's.
    await page.goto(`${cancelOrigin}/s/${"D".repeat(43)}`);
    await expect(page.getByRole("heading", { level: 1, name: NOT_FOUND_HEADING })).toBeVisible();
    await expect(page.getByRole("link", { name: /Return to/ })).toHaveCount(0);
    expect(await page.content()).not.toContain(ws.name);
  });

  test("the cancel host's root explains what the address is for and links nowhere in circles", async ({
    page,
  }) => {
    const res = await page.goto(`${cancelOrigin}/`);
    expect(res?.status()).toBeLessThan(500);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/cancellation/i);
    await expect(page.getByText(/link.*(from|sent by).*(service|company|merchant)/i).first()).toBeVisible();
    // No link back to this very page (the old 404's "Go to the home page" pointed at itself).
    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(new URL(href).pathname, href).not.toBe("/");
    expect(res?.headers()["x-robots-tag"]).toMatch(/noindex/);
    await expectNoAxeViolations(page, "cancel host root");
  });

  test("the link's path on the app host is a 404 and does not open the session", async ({ page }) => {
    const link = await createLink();
    const res = await page.goto(`${appOrigin}/s/${link.token}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(reasonHeading(page)).toHaveCount(0);
    expect((await diagnostics(link.session_id)).status).toBe("created");
  });
});

test.describe("devices and browsers", () => {
  test("a phone-sized screen (390×844): the whole cancel path fits and works by touch", async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    try {
      const link = await createLink();
      await page.goto(link.url);
      const fits = () =>
        page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
      await expect(reasonHeading(page)).toBeVisible();
      expect(await fits()).toBe(true);
      await page.getByRole("radio", { name: "It's too expensive" }).tap();
      const cont = page.getByRole("button", { name: "Continue" });
      expect((await cont.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await cont.tap();

      await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
      expect(await fits()).toBe(true);
      const decline = page.getByRole("button", { name: "No thanks, continue to cancel" });
      const accept = page.getByRole("button", { name: "Accept offer" });
      for (const b of [accept, decline]) {
        const box = (await b.boundingBox())!;
        expect(box.height).toBeGreaterThanOrEqual(44);
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
      await decline.tap();

      await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
      expect(await fits()).toBe(true);
      await page.getByRole("button", { name: "Confirm cancellation" }).tap();
      await expect(page.getByRole("heading", { level: 1, name: CONFIRMED })).toBeVisible();
      expect(await fits()).toBe(true);
      const { payload } = await backFromReceipt(page, "tap");
      expect(payload).toMatchObject({ outcome: "churned", offer: { accepted: false } });
    } finally {
      await context.close();
    }
  });

  test("with JavaScript disabled the forms post to the server and the whole path works", async ({
    browser,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      const seen = watch(page);
      const link = await createLink();
      await page.goto(link.url);
      await expect(reasonHeading(page)).toBeVisible();
      await page.getByRole("radio", { name: "It's too expensive" }).check();
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
      // Links work without JavaScript too.
      await page.getByRole("link", { name: "Back to reasons" }).click();
      await expect(page.getByRole("radio", { name: "It's too expensive" })).toBeChecked();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("button", { name: "No thanks, continue to cancel" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
      await page.getByRole("button", { name: "Confirm cancellation" }).click();
      const { token, payload } = await backFromReceipt(page);
      expect(payload).toMatchObject({
        sid: link.session_id,
        outcome: "churned",
        reasonKey: "too_expensive",
        offer: { type: "discount", accepted: false },
      });
      expect(await verifyViaApi(token)).toMatchObject({ valid: true, outcome: "churned" });
      expect(await recorded(link.session_id)).toEqual({ events: 1, outbox: 1 });
      seen.expectOnlyOwnHosts();
    } finally {
      await context.close();
    }
  });
});

test.describe("security and accessibility", () => {
  test("step pages carry a nonce CSP, no-referrer, noindex and no framing; scripts run only with the nonce", async ({
    page,
  }) => {
    const seen = watch(page);
    const link = await createLink();
    const res = await page.goto(link.url);
    const headers = res!.headers();
    const csp = headers["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(new RegExp(`script-src [^;]*'nonce-${nonce!.replace(/[+/=]/g, "\\$&")}'`));
    expect(csp).toMatch(/style-src [^;]*'nonce-/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    // Form posts go to the flow itself, and the redirect after the last one to the return URL's origin.
    expect(csp).toMatch(new RegExp(`(^|; )form-action 'self' ${merchantOrigin}(;|$)`));
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-robots-tag"]).toMatch(/noindex/);

    // Every inline script on the page carries this response's nonce.
    const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).map((s) => s.nonce));
    expect(inline.length).toBeGreaterThan(0);
    for (const n of inline) expect(n).toBe(nonce);

    // A fresh nonce on every response.
    const again = await page.reload();
    expect(/'nonce-([^']+)'/.exec(again!.headers()["content-security-policy"]!)?.[1]).not.toBe(nonce);

    // Each step and the submit redirect carry the same protections.
    await page.getByRole("radio", { name: "It's too expensive" }).check();
    const [post, offer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/submit")),
      page.waitForResponse((r) => r.url().endsWith("/offer")),
      page.getByRole("button", { name: "Continue" }).click(),
    ]);
    expect(post.status()).toBe(303);
    expect(post.headers()["referrer-policy"]).toBe("no-referrer");
    expect(offer.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(offer.headers()["content-security-policy"]).toContain(`form-action 'self' ${merchantOrigin}`);
    expect(offer.headers()["x-robots-tag"]).toMatch(/noindex/);
    seen.expectOnlyOwnHosts();

    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
    // Injected markup with an inline handler (what an XSS would do) is refused, and the console says so.
    await page.evaluate(() => {
      const div = document.createElement("div");
      div.innerHTML = '<img alt="" src="data:," onerror="window.__injected = true">';
      document.body.append(div);
    });
    await expect.poll(() => seen.cspMessages.join("\n")).toMatch(/Content Security Policy/);
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();

    // Another site cannot frame the flow (clickjacking); the same page frames its own pages fine.
    await page.goto(`${merchantOrigin}/frame?src=${encodeURIComponent(`${merchantOrigin}/own-page`)}`);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: "Your account" })).toBeVisible();
    const framer = await page.goto(`${merchantOrigin}/frame?src=${encodeURIComponent(link.url)}`);
    expect(framer?.status()).toBe(200);
    await expect(page.frameLocator("iframe").getByRole("heading", { name: OFFER_LABEL })).toHaveCount(0);
    await expect(page.frameLocator("iframe").getByRole("button", { name: "Accept offer" })).toHaveCount(0);
    expect(await recorded(link.session_id)).toEqual({ events: 0, outbox: 0 });
  });

  test("axe finds no violations on the reason, offer, confirm, done and expired pages", async ({ page }) => {
    const seen = watch(page);
    const link = await createLink();
    await page.goto(link.url);
    await expect(reasonHeading(page)).toBeVisible();
    await expectNoAxeViolations(page, "reason");

    // With the error message shown, too.
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Please choose the reason that fits best." }),
    ).toBeVisible();
    await expectNoAxeViolations(page, "reason with error");

    await page.getByRole("radio", { name: "It's too expensive" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: OFFER_LABEL })).toBeVisible();
    await expectNoAxeViolations(page, "offer");

    await page.getByRole("button", { name: "No thanks, continue to cancel" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
    await expectNoAxeViolations(page, "confirm");

    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    await expect(page.getByRole("heading", { name: "Your cancellation request is confirmed" })).toBeVisible();
    await expectNoAxeViolations(page, "receipt");
    await page.getByRole("link", { name: `Return to ${ws.name}` }).click();
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await page.goto(link.url);
    await expect(page.getByRole("heading", { name: "Your cancellation request is confirmed" })).toBeVisible();
    await expectNoAxeViolations(page, "done");

    await page.goto(`${cancelOrigin}/s/${"C".repeat(43)}`);
    await expect(page.getByRole("heading", { name: NOT_FOUND_HEADING })).toBeVisible();
    await expectNoAxeViolations(page, "404");
    seen.expectOnlyOwnHosts();
  });
});
