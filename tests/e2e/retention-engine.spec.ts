// The retention engine in Chromium against the built app: an experiment with a pause offer and a
// no-offer holdout. The customer picks how long to pause on the cancel host; the result token, the
// webhook and the session diagnostics say which variant and which structured terms; the same
// customer lands in the same variant on a second link (and is then in the offer cooldown).
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { jwtVerify } from "jose";
import { assignVariant } from "../../lib/domain/experiments/assign";
import {
  type CliWorkspace,
  createCliWorkspace,
  type MerchantSite,
  startMerchantSite,
} from "./support/merchant";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
const PAUSE_LABEL = "Take a break instead";
const VARIANTS = [
  { key: "pause", offerId: "" as string | null, weight: 1 },
  { key: "holdout", offerId: null, weight: 1 },
];

let merchant: MerchantSite;
let merchantOrigin: string;
let ws: CliWorkspace;
let experimentId: string;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  merchant = await startMerchantSite();
  merchantOrigin = merchant.origin;
  ws = await createCliWorkspace({ prefix: "Engine E2E", returnUrl: `${merchantOrigin}/account` });

  const suffix = randomBytes(6).toString("hex");
  const pauseId = `off_e2epause${suffix}`;
  VARIANTS[0]!.offerId = pauseId;
  experimentId = `exp_e2e${suffix}`;
  await sql(
    `insert into "Offer" (id, "workspaceId", type, label, terms, "termsText", "updatedAt")
     values ($1, $2, 'pause', $3, '{"maxMonths":3}', 'Billing stops while paused; your data stays.', now())`,
    [pauseId, ws.id, PAUSE_LABEL],
  );
  await sql(
    `insert into "Experiment" (id, "workspaceId", name, status, "startedAt", "updatedAt")
     values ($1, $2, 'Pause vs nothing', 'running', now(), now())`,
    [experimentId, ws.id],
  );
  await sql(
    `insert into "ExperimentVariant" (id, "experimentId", key, "offerId", weight, position)
     values ($1, $2, 'pause', $3, 1, 0), ($4, $2, 'holdout', null, 1, 1)`,
    [`var_a${suffix}`, experimentId, pauseId, `var_b${suffix}`],
  );
});

test.afterAll(async () => {
  await merchant?.close();
});

/** A userId the experiment's hash puts in `variant` (the same pure function the app uses). */
function customerIn(variant: string): string {
  for (;;) {
    const userId = `cus_${randomBytes(5).toString("hex")}`;
    if (assignVariant(experimentId, "prod", userId, VARIANTS)?.key === variant) return userId;
  }
}

async function createLink(body: Record<string, unknown>) {
  const res = await fetch(`${appOrigin}/api/v1/cancel-link`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.apiKey}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { url: string; session_id: string };
}

async function diagnostics(sessionId: string) {
  const res = await fetch(`${appOrigin}/api/v1/cancel-sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${ws.apiKey}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function resultOn(page: Page) {
  await page.waitForURL((u) => u.origin === merchantOrigin);
  const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get("ci_result_token");
  expect(token).toBeTruthy();
  const { payload } = await jwtVerify(token!, new TextEncoder().encode(ws.signingSecret), {
    algorithms: ["HS256"],
    issuer: "retentbase",
    audience: ws.key,
  });
  return payload;
}

async function chooseReason(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole("radio", { name: "It's too expensive" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a customer in the pause variant picks two months; token, webhook and diagnostics carry the terms", async ({
  page,
}) => {
  const userId = customerIn("pause");
  const link = await createLink({ userId });
  await chooseReason(page, link.url);
  await expect(page.getByRole("heading", { level: 1, name: PAUSE_LABEL })).toBeVisible();
  const months = page.getByLabel("Pause for");
  await expect(months.locator("option")).toHaveText(["1 month", "2 months", "3 months"]);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await months.selectOption("2");
  await page.getByRole("button", { name: "Pause my subscription" }).click();

  const payload = await resultOn(page);
  expect(payload).toMatchObject({
    sub: userId,
    outcome: "recovered",
    experiment: experimentId,
    variant: "pause",
    offer: { type: "pause", label: PAUSE_LABEL, accepted: true, terms: { maxMonths: 3, months: 2 } },
  });
  const terms = (payload.offer as { terms: { resumesAt: string } }).terms;
  const resumes = new Date(terms.resumesAt).getTime();
  // Two months from the answer: between 59 and 62 days away, whatever today is.
  expect(resumes - Date.now()).toBeGreaterThan(59 * 86_400_000);
  expect(resumes - Date.now()).toBeLessThan(62 * 86_400_000);

  const [webhook] = await sql<{ payload: string }>(
    `select payload from "WebhookEvent" where "cancelSessionId" = $1 and type = 'cancellation.created'`,
    [link.session_id],
  );
  const { cancellation } = JSON.parse(webhook!.payload).data;
  expect(cancellation).toMatchObject({
    experiment: { id: experimentId, variant: "pause" },
    offer: { type: "pause", accepted: true, terms: { maxMonths: 3, months: 2, resumesAt: terms.resumesAt } },
  });

  // The same customer again: the same variant, and now inside the offer cooldown — no offer.
  const again = await createLink({ userId });
  await chooseReason(page, again.url);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
  const d = await diagnostics(again.session_id);
  expect(d.experiment).toEqual({ id: experimentId, variant: "pause" });
  expect(d.noOfferReason).toBe("cooldown");
  expect(d.timeline.map((e: { step: string }) => e.step)).toContain("no_offer");
});

test("a holdout customer sees no offer; the result says so, with the variant", async ({ page }) => {
  const userId = customerIn("holdout");
  const link = await createLink({ userId });
  await chooseReason(page, link.url);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await page.getByRole("link", { name: /^Return to / }).click(); // from the receipt page
  const payload = await resultOn(page);
  expect(payload).toMatchObject({
    outcome: "churned",
    offer: null,
    experiment: experimentId,
    variant: "holdout",
  });
  const d = await diagnostics(link.session_id);
  expect(d).toMatchObject({ noOfferReason: "holdout", experiment: { id: experimentId, variant: "holdout" } });
});

test("eligibleForOffers: false shows no offer but still records the variant", async ({ page }) => {
  const link = await createLink({ userId: customerIn("pause"), eligibleForOffers: false });
  await chooseReason(page, link.url);
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
  const d = await diagnostics(link.session_id);
  expect(d).toMatchObject({
    eligibleForOffers: false,
    noOfferReason: "ineligible",
    experiment: { id: experimentId, variant: "pause" },
  });
});

test("without JavaScript the pause form posts the months chosen", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const link = await createLink({ userId: customerIn("pause") });
  await chooseReason(page, link.url);
  await page.getByLabel("Pause for").selectOption("3");
  await page.getByRole("button", { name: "Pause my subscription" }).click();
  const payload = await resultOn(page);
  expect(payload).toMatchObject({ offer: { terms: { months: 3 } } });
  await context.close();
});
