// Dashboard → Experiments in Chromium against the built app: an admin creates an experiment with
// two offers and a holdout (a refused form keeps what was typed, the error beside its row), starts
// it, reads the results (sessions seeded in the database, so the table shows real numbers, and
// "not enough data yet" for a short arm), sees a second experiment in the same scope refused, stops
// the first and declares a winner; an unknown id is a 404; a Core workspace sees the upsell.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { rb } from "../helpers/run-script";
import { signIn, uniqueEmail } from "./support/auth";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;

// One test at a time: each signs a new user in and fills a workspace, and the machine is shared.
test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  for (const path of ["/login", "/login/check-email", "/dashboard"]) await fetch(`${appOrigin}${path}`);
  // The server's first sign-in email is slow (mail transport set-up): send it before the tests.
  const context = await browser.newContext();
  await signIn(await context.newPage(), uniqueEmail("warmup")).catch(() => {});
  await context.close();
});

async function serious(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

/** Signs a new user in and creates their workspace in the dashboard (Advanced, on trial). */
async function newMerchant(page: Page, prefix: string) {
  await signIn(page, uniqueEmail(prefix));
  const name = `${prefix} ${randomBytes(3).toString("hex")}`;
  await expect(async () => {
    await page.goto("/dashboard/new");
    await expect(page.getByLabel("Workspace name")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  const res = await fetch(`${appOrigin}/api/v1/workspace`, { headers: { authorization: `Bearer ${key}` } });
  const { workspace } = (await res.json()) as { workspace: { id: string } };
  return { id: workspace.id, name };
}

async function addOffer(workspaceId: string, ...args: string[]): Promise<string> {
  const r = await rb("offers", "add", "--workspace", workspaceId, ...args, "--json");
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { offer: { id: string } }).offer.id;
}

/**
 * `sessions` completed production sessions in a variant, the first `saves` of them recovered (the
 * rest churned); an offer variant showed its offer to every session and the saved ones accepted it.
 */
async function seedSessions(
  workspaceId: string,
  experimentId: string,
  variant: string,
  { sessions, saves, offerType }: { sessions: number; saves: number; offerType: string },
) {
  await sql(
    `with s as (
       insert into "CancelSession" (id, "workspaceId", "tokenHash", "userId", "returnUrl", status,
         "expiresAt", "updatedAt", "experimentId", variant, "offerShownAt", "reasonKey", outcome)
       select 'cs_e2e' || $3::text || g, $1::text, md5(random()::text || $3::text || g), 'cus_' || $3::text || g,
         'https://merchant.example/account', 'completed', now() + interval '1 hour', now(), $2::text, $3::text,
         case when $4::text = 'none' then null else now() end, 'too_expensive',
         (case when g <= $6::int then 'recovered' else 'churned' end)::"Outcome"
       from generate_series(1, $5::int) g
       returning id, "userId", outcome
     )
     insert into "CancellationEvent" (id, "workspaceId", "eventId", source, "cancelSessionId", "userId",
       "reasonKey", "offerType", "offerAccepted", outcome, mrr, "occurredAt", "updatedAt", "experimentId", variant)
     select 'ce_' || s.id, $1::text, s.id, 'hosted', s.id, s."userId", 'too_expensive', $4::"OfferType",
       $4::text <> 'none' and s.outcome = 'recovered', s.outcome, 50, now(), now(), $2::text, $3::text
     from s`,
    [workspaceId, experimentId, variant, offerType, sessions, saves],
  );
}

/** A full-page screenshot for a human to look at (E2E_SCREENSHOTS=dir), at desktop and phone widths. */
async function shot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${dir}/experiments-${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

let otherWorkspaceExperiment = "";

test("an admin runs an experiment from draft to winner, with results, a refused second start and a 404", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const m = await newMerchant(page, "experimenter");
  const pause = await addOffer(m.id, "--type", "pause", "--label", "Take a break", "--max-months", "3");
  const discount = await addOffer(
    m.id,
    "--type",
    "discount",
    "--label",
    "30% off",
    "--percent-off",
    "30",
    "--duration-months",
    "3",
  );

  // Empty state, linked to the form.
  await page.goto("/dashboard/experiments");
  await expect(page.getByRole("heading", { level: 1, name: "Experiments" })).toBeVisible();
  await expect(page.getByText("No experiments yet")).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await shot(page, "empty");
  await page.getByRole("link", { name: "New experiment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New experiment" })).toBeVisible();
  // The row buttons appear once the form is live (a value typed before that would be reset).
  await expect(page.getByRole("button", { name: "Add variant" })).toBeVisible();

  const form = page.getByRole("form", { name: "New experiment" });
  await form.getByLabel("Name").fill("Pause vs discount");
  await form.getByLabel("Scope").selectOption({ label: "It's too expensive" });
  // Row 1 is the holdout already; rows 2 and 3 the offers; row 4 stays empty (ignored).
  await expect(form.getByLabel("Variant 1 key")).toHaveValue("holdout");
  await form.getByLabel("Variant 2 key").fill("Pause Offer");
  await form.getByLabel("Offer of variant 2").selectOption({ label: "Pause: Take a break" });
  await form.getByLabel("Weight of variant 2").fill("2");
  await form.getByLabel("Variant 3 key").fill("discount");
  await form.getByLabel("Offer of variant 3").selectOption({ label: "Discount: 30% off" });
  await page.getByRole("button", { name: "Create experiment" }).click();

  // Refused: the message beside the key, everything typed still there.
  const key2 = form.getByLabel("Variant 2 key");
  await expect(key2).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Use lowercase letters, digits, - and _")).toBeVisible();
  await expect(key2).toHaveValue("Pause Offer");
  await expect(form.getByLabel("Name")).toHaveValue("Pause vs discount");
  await expect(form.getByLabel("Offer of variant 3")).toHaveValue(discount);
  await shot(page, "form-refused");

  await key2.fill("pause");
  await page.getByRole("button", { name: "Create experiment" }).click();
  await expect(page).toHaveURL(/\/dashboard\/experiments\/exp_/);
  const experimentId = page.url().split("/").at(-1)!;
  otherWorkspaceExperiment = experimentId;
  await expect(page.getByRole("heading", { level: 1, name: "Pause vs discount" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^Draft$/ })).toBeVisible();
  await expect(page.getByText("Scope: It's too expensive")).toBeVisible();
  const variants = page.getByRole("table", { name: "Variants" });
  await expect(variants.getByRole("row")).toHaveCount(4);
  await expect(variants.getByRole("row", { name: /pause/ })).toContainText("Pause: Take a break");
  await expect(variants.getByRole("row", { name: /pause/ })).toContainText("50.0%");

  await page.getByRole("button", { name: "Start experiment" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Running$/ })).toBeVisible();

  // Sessions in the database: 40 holdout (10 saved), 40 pause (24 saved), 10 discount (5 saved).
  await seedSessions(m.id, experimentId, "holdout", { sessions: 40, saves: 10, offerType: "none" });
  await seedSessions(m.id, experimentId, "pause", { sessions: 40, saves: 24, offerType: "pause" });
  await seedSessions(m.id, experimentId, "discount", { sessions: 10, saves: 5, offerType: "discount" });
  await page.reload();
  const results = page.getByRole("table", { name: "Results per variant" });
  await expect(results.getByRole("columnheader")).toHaveText([
    "Variant",
    "Offer",
    "Sessions",
    "Offers shown",
    "Accepted",
    "Saves",
    "Save rate",
    "95 % interval",
    "Lift vs holdout",
    "p-value",
    "MRR saved",
    "Validated save rate",
  ]);
  const cells = (name: RegExp) => results.getByRole("row", { name }).getByRole("cell");
  await expect(cells(/^holdout/)).toHaveText([
    "No offer (holdout)",
    "40",
    "0",
    "0",
    "10",
    "25.0%",
    /^\d+\.\d%–\d+\.\d%$/,
    "baseline",
    "—",
    "$500",
    /—/,
  ]);
  await expect(cells(/^pause/)).toHaveText([
    "Pause: Take a break",
    "40",
    "40",
    "24",
    "24",
    "60.0%",
    /^\d+\.\d%–\d+\.\d%$/,
    "+35.0 pts",
    /^(< 0\.001|0\.\d{3})$/,
    "$1,200",
    /—/,
  ]);
  await expect(results.getByRole("row", { name: /^discount/ })).toContainText("Not enough data yet");
  await expect(
    page.getByText("Not enough data yet (30 sessions per variant needed): discount has fewer."),
  ).toBeVisible();
  await expect(page.getByTestId("save-rate-chart").locator(".recharts-bar-rectangle")).toHaveCount(3);
  await expect(
    page.getByText("saves still saved 30 days later, over sessions older than 30 days."),
  ).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await shot(page, "results");
  // On a phone the wide tables scroll inside their cards; the page itself does not.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  // A second experiment in the same scope: a draft, refused when started while the first runs.
  const reason = await sql<{ id: string }>(
    `select id from "Reason" where "workspaceId" = $1 and key = 'too_expensive'`,
    [m.id],
  );
  const second = `exp_e2e${randomBytes(6).toString("hex")}`;
  await sql(
    `insert into "Experiment" (id, "workspaceId", name, "reasonId", "updatedAt") values ($1, $2, 'Second test', $3, now())`,
    [second, m.id, reason[0]!.id],
  );
  await sql(
    `insert into "ExperimentVariant" (id, "experimentId", key, "offerId", weight, position)
     values ($1 || 'a', $1, 'holdout', null, 1, 0), ($1 || 'b', $1, 'pause', $2, 1, 1)`,
    [second, pause],
  );
  await page.goto(`/dashboard/experiments/${second}`);
  await page.getByRole("button", { name: "Start experiment" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already running" })).toContainText(
    'The experiment "Pause vs discount" is already running for the reason "too_expensive": stop it first',
  );
  await expect(page.getByRole("status").filter({ hasText: /^Draft$/ })).toBeVisible();

  // The list: both, with scope, status and variants.
  await page.goto("/dashboard/experiments");
  const list = page.getByRole("table", { name: "Experiments" });
  await expect(list.getByRole("row", { name: /Pause vs discount/ })).toContainText("Running");
  await expect(list.getByRole("row", { name: /Pause vs discount/ })).toContainText("It's too expensive");
  await expect(list.getByRole("row", { name: /Second test/ })).toContainText("Draft");
  await shot(page, "list");
  await list.getByRole("link", { name: "Pause vs discount" }).click();

  // Stop, after the confirmation says what happens.
  await page.getByRole("button", { name: "Stop experiment" }).click();
  const stopDialog = page.getByRole("dialog", { name: "Stop “Pause vs discount”?" });
  await expect(stopDialog).toContainText("customers go back to normal offer selection");
  await stopDialog.getByRole("button", { name: "Stop experiment" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Stopped$/ })).toBeVisible();
  // Results are kept.
  await expect(cells(/^pause/).nth(5)).toHaveText("60.0%");

  // Declare the winner: its offer becomes the scope's normal offer.
  await page.getByLabel("Winning variant").selectOption({ label: "pause — Pause: Take a break" });
  await page.getByRole("button", { name: "Declare winner" }).click();
  const winDialog = page.getByRole("dialog", { name: "Declare the winner?" });
  await winDialog.getByRole("button", { name: "Declare winner" }).click();
  await expect(
    page.getByRole("table", { name: "Variants" }).getByRole("row", { name: /pause/ }),
  ).toContainText("(winner)");
  const [winner] = await sql<{ winnerVariant: string }>(
    `select "winnerVariant" from "Experiment" where id = $1`,
    [experimentId],
  );
  expect(winner?.winnerVariant).toBe("pause");

  // The second one can start now.
  await page.goto(`/dashboard/experiments/${second}`);
  await page.getByRole("button", { name: "Start experiment" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Running$/ })).toBeVisible();

  // An id that is not there.
  await page.goto("/dashboard/experiments/exp_nothinghere");
  await expect(page.getByRole("heading", { name: "No such experiment in this workspace" })).toBeVisible();
});

test("another workspace's experiment is not found; a Core workspace sees the upsell", async ({ page }) => {
  test.setTimeout(90_000);
  const m = await newMerchant(page, "coreplan");
  if (otherWorkspaceExperiment) {
    await page.goto(`/dashboard/experiments/${otherWorkspaceExperiment}`);
    await expect(page.getByRole("heading", { name: "No such experiment in this workspace" })).toBeVisible();
  }
  await page.goto("/dashboard/experiments");
  await expect(page.getByText("No experiments yet")).toBeVisible();
  // No offers yet: the form says to add one first.
  await page.getByRole("link", { name: "New experiment" }).click();
  await expect(page.getByText("Add an offer first")).toBeVisible();

  const plan = await rb("workspace", "set-plan", "--workspace", m.id, "--plan", "core", "--json");
  expect(plan.code, plan.stderr).toBe(0);
  await page.goto("/dashboard/experiments");
  await expect(
    page.getByRole("heading", { name: "Offer experiments come with the Advanced plan" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "See plans" })).toHaveAttribute("href", "/dashboard/billing");
  await expect(page.getByRole("link", { name: "New experiment" })).toHaveCount(0);
  expect(await serious(page)).toEqual([]);
  await shot(page, "upsell");
});
