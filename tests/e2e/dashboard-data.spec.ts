// The dashboard's data pages in Chromium against the built app: events (both sources, prod and
// sandbox, filters, pages, detail with outcome history and deliveries), hosted sessions and their
// timeline, the personalised docs, the demo workspace, empty states, isolation between workspaces,
// phones, and axe on every page. Everything talks to loopback only.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { rb, runScript } from "../helpers/run-script";
import { pickWorkspace, signIn, uniqueEmail } from "./support/auth";
import { type MerchantSite, startMerchantSite } from "./support/merchant";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
const cancelOrigin = `http://cancel.localhost:${port}`;

// One test at a time: each signs a new user in and fills a workspace, and the machine is shared.
test.describe.configure({ mode: "default" });

let merchant: MerchantSite;
let merchantOrigin: string;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(60_000);
  // The merchant's return page, on loopback.
  merchant = await startMerchantSite();
  merchantOrigin = merchant.origin;
  // Load the sign-in and dashboard routes once, so the first test does not wait on a cold server.
  for (const path of ["/login", "/login/check-email", "/dashboard"]) await fetch(`${appOrigin}${path}`);
  // The server's first sign-in email is slow (mail transport set-up): send it before the tests.
  const context = await browser.newContext();
  await signIn(await context.newPage(), uniqueEmail("warmup")).catch(() => {});
  await context.close();
});

test.afterAll(async () => {
  await merchant?.close();
});

type Merchant = { key: string; id: string; workspaceKey: string; name: string };

/** Signs a new user in through the real magic link and creates their workspace in the dashboard. */
async function newMerchant(page: Page, prefix: string): Promise<Merchant> {
  await signIn(page, uniqueEmail(prefix));
  const name = `${prefix} ${randomBytes(3).toString("hex")}`;
  // The dashboard the sign-in lands on may still be settling: retry if that aborts this navigation.
  await expect(async () => {
    await page.goto("/dashboard/new");
    await expect(page.getByLabel("Workspace name")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Workspace name").fill(name);
  await page.getByLabel(/Return URL/).fill(`${merchantOrigin}/account`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^rb_live_/);
  await page.getByRole("link", { name: /continue to the dashboard/i }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const res = await fetch(`${appOrigin}/api/v1/workspace`, { headers: { authorization: `Bearer ${key}` } });
  const { workspace } = (await res.json()) as { workspace: { id: string; workspaceKey: string } };
  return { key, id: workspace.id, workspaceKey: workspace.workspaceKey, name };
}

async function api(m: Merchant, method: string, path: string, body?: unknown) {
  const res = await fetch(`${appOrigin}${path}`, {
    method,
    headers: { authorization: `Bearer ${m.key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

/** Opens the demo workspace with the switcher in the header. */
async function switchToDemo(page: Page) {
  await pickWorkspace(page, /Acme Analytics/);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("banner").getByRole("button", { name: /^Workspace/ })).toContainText(
    "Acme Analytics",
  );
}

/** A hosted session walked on the cancel host: a reason without an offer, then confirm. */
async function walkHostedFlow(page: Page, m: Merchant, userId: string) {
  const link = (await api(m, "POST", "/api/v1/cancel-link", {
    userId,
    context: { plan: "pro", mrr: 49 },
  })) as {
    url: string;
    session_id: string;
  };
  expect(link.url.startsWith(`${cancelOrigin}/s/`)).toBe(true);
  await page.goto(link.url);
  await page.getByRole("radio", { name: "I'm not using it enough" }).check();
  await page.getByLabel(/Anything else/).fill("Only used it twice");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await page.getByRole("link", { name: /^Return to / }).click(); // from the receipt page
  await page.waitForURL((u) => u.origin === merchantOrigin);
  const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get("ci_result_token");
  expect(token).toBeTruthy();
  return { sessionId: link.session_id, token: token! };
}

async function expectNoSeriousAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes[0]?.target}`)).toEqual([]);
}

const table = (page: Page, name: RegExp | string) => page.getByRole("table", { name });

/** Submits the filter form and waits for the list at its new URL. */
async function applyFilters(page: Page, url: RegExp) {
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(url);
}

async function showEnvironment(page: Page, name: "Production" | "Sandbox") {
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
}

test("events: both sources, prod/sandbox, filters, pages, detail with outcome history and deliveries", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const m = await newMerchant(page, "events");
  // An endpoint on loopback: the CLI may save it for local work, but the app refuses to send to
  // it, so each delivery is recorded as a failed first attempt without leaving the machine.
  const endpoint = await runScript(
    "scripts/rb.ts",
    ["webhook", "add", "--workspace", m.id, "--url", "http://127.0.0.1:9/retentbase", "--json"],
    { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
  );
  expect(endpoint.code, endpoint.stderr).toBe(0);

  const pending = await api(m, "POST", "/api/v1/cancellations", {
    eventId: "evt_pending_1",
    userId: "cus_alpha",
    reasonKey: "too_expensive",
    offer: { type: "discount", accepted: false, label: "20% off next month" },
    context: { plan: "pro", mrr: 129, tenureDays: 42 },
    metadata: { source: "billing_settings_page" },
  });
  await api(m, "POST", "/api/v1/cancellations", {
    eventId: "evt_churned_1",
    userId: "cus_beta",
    reasonKey: "missing_features",
    outcome: "churned",
    occurredAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  });
  for (let i = 0; i < 26; i++) {
    await api(m, "POST", "/api/v1/cancellations", {
      environment: "sandbox",
      eventId: `evt_sandbox_${i}`,
      userId: `cus_sandbox_${i}`,
      reasonKey: "other",
      occurredAt: new Date(Date.now() - i * 60_000).toISOString(),
    });
  }
  const hosted = await walkHostedFlow(page, m, "cus_hosted");

  // Production: the hosted event and both API events, no sandbox.
  await page.goto("/dashboard/events");
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Production" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("sandbox-notice")).toHaveCount(0);
  const prod = table(page, /Cancellation events \(production\)/);
  await expect(prod.getByRole("row")).toHaveCount(4);
  await expect(prod.getByText("cus_hosted")).toBeVisible();
  await expect(prod.getByText("Hosted flow")).toBeVisible();
  await expect(prod.getByText("cus_alpha")).toBeVisible();
  await expect(prod.getByText("cus_beta")).toBeVisible();
  await expect(prod.getByText(/cus_sandbox/)).toHaveCount(0);
  await expect(prod.getByRole("row", { name: /cus_alpha/ })).toContainText("Pending");
  await expect(prod.getByRole("row", { name: /cus_alpha/ })).toContainText("129");
  await expectNoSeriousAxeViolations(page, "events (prod)");

  // Sandbox: clearly marked, its own events, pages of 25.
  await showEnvironment(page, "Sandbox");
  await expect(page).toHaveURL(/environment=sandbox/);
  await expect(page.getByTestId("sandbox-notice")).toContainText(
    "Sandbox data: never counted in retention health, issue detection or reports",
  );
  const sandbox = table(page, /Cancellation events \(sandbox\)/);
  await expect(sandbox.getByRole("row")).toHaveCount(26);
  await expect(sandbox.getByText("cus_sandbox_0", { exact: true })).toBeVisible();
  await expect(sandbox.getByText("cus_alpha")).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, "events (sandbox)");
  await page.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(sandbox.getByRole("row")).toHaveCount(2);
  await expect(sandbox.getByText("cus_sandbox_25", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Older" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newest" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(sandbox.getByText("cus_sandbox_0", { exact: true })).toBeVisible();

  // Filters, as a plain GET form with labelled controls; the URL keeps them.
  await showEnvironment(page, "Production");
  await page.getByLabel("Outcome").selectOption("pending");
  await applyFilters(page, /outcome=pending/);
  await expect(page).not.toHaveURL(/environment=sandbox/);
  await expect(prod.getByRole("row")).toHaveCount(2);
  await expect(prod.getByText("cus_alpha")).toBeVisible();
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/dashboard\/events$/);
  // The form shows what the URL says, after every navigation.
  await expect(page.getByLabel("Outcome")).toHaveValue("");
  await page.getByLabel("Source").selectOption("hosted");
  await applyFilters(page, /source=hosted/);
  await expect(prod.getByRole("row")).toHaveCount(2);
  await expect(prod.getByText("cus_hosted")).toBeVisible();
  await page.getByLabel("Source").selectOption("");
  await page.getByLabel("Reason").selectOption({ label: "It's missing features I need" });
  await applyFilters(page, /reason=missing_features/);
  await expect(prod.getByRole("row")).toHaveCount(2);
  await expect(prod.getByText("cus_beta")).toBeVisible();
  await page.getByLabel("Reason").selectOption("");
  await page.getByLabel("User ID").fill("cus_alpha");
  // The event's own UTC day, not the test's: near midnight the two differ.
  const day = String(pending.occurredAt).slice(0, 10);
  await page.getByLabel("From (UTC)").fill(day);
  await page.getByLabel("To (UTC, inclusive)").fill(day);
  await applyFilters(page, /user=cus_alpha/);
  await expect(prod.getByRole("row")).toHaveCount(2);
  await page.goBack();
  await expect(page.getByLabel("Reason")).toHaveValue("missing_features");
  await page.goForward();
  await expect(page.getByLabel("User ID")).toHaveValue("cus_alpha");
  await page.getByLabel("User ID").fill("cus_nobody");
  await applyFilters(page, /user=cus_nobody/);
  await expect(page.getByRole("heading", { name: "No events match these filters" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "events (filtered, empty)");
  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/dashboard\/events$/);
  await expect(prod.getByRole("row")).toHaveCount(4);

  // The outcome changes twice; the detail shows the history, metadata and deliveries.
  await api(m, "PATCH", "/api/v1/cancellations/evt_pending_1", {
    outcome: "churned",
    metadata: { actor: "billing_job" },
  });
  await api(m, "PATCH", "/api/v1/cancellations/evt_pending_1", { outcome: "recovered" });
  await page.reload();
  await prod
    .getByRole("row", { name: /cus_alpha/ })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(`${appOrigin}/dashboard/events/${pending.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Cancellation event" })).toBeVisible();
  const history = page.getByRole("list", { name: "Outcome history" });
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").nth(0)).toContainText("Pending → Churned");
  await expect(history.getByRole("listitem").nth(0)).toContainText('actor: "billing_job"');
  await expect(history.getByRole("listitem").nth(1)).toContainText("Churned → Recovered");
  await expect(page.getByText("It's too expensive")).toBeVisible();
  await expect(page.getByText("20% off next month · declined")).toBeVisible();
  await expect(table(page, "Event metadata")).toContainText("billing_settings_page");
  const deliveries = table(page, "Webhook deliveries of this event");
  await expect(deliveries.getByRole("row")).toHaveCount(4);
  await expect(deliveries.getByRole("columnheader", { name: "Attempts" })).toBeVisible();
  await expect(deliveries.getByRole("columnheader", { name: "Last status code" })).toBeVisible();
  await expect(deliveries).toContainText("cancellation.created");
  await expect(deliveries).toContainText("cancellation.outcome_updated");
  await expect(deliveries).toContainText("http://127.0.0.1:9/retentbase");
  await expectNoSeriousAxeViolations(page, "event detail");

  // The hosted event links to its session.
  await page.goto("/dashboard/events?source=hosted");
  await prod
    .getByRole("row", { name: /cus_hosted/ })
    .getByRole("link")
    .click();
  await expect(page.getByText("Hosted cancellation flow")).toBeVisible();
  await page.getByRole("link", { name: new RegExp(hosted.sessionId) }).click();
  await expect(page).toHaveURL(`${appOrigin}/dashboard/sessions/${hosted.sessionId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Cancel session" })).toBeVisible();
});

test("sessions: list with filters, and a readable timeline with result token and return host", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const m = await newMerchant(page, "sessions");
  const done = await walkHostedFlow(page, m, "cus_walked");
  const unopened = (await api(m, "POST", "/api/v1/cancel-link", {
    userId: "cus_unopened",
    environment: "sandbox",
  })) as { session_id: string };

  await page.goto("/dashboard/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  const sessions = table(page, "Hosted cancel sessions");
  await expect(sessions.getByRole("row")).toHaveCount(3);
  const walkedRow = sessions.getByRole("row", { name: /cus_walked/ });
  await expect(walkedRow).toContainText("Completed");
  await expect(walkedRow).toContainText("I'm not using it enough");
  await expect(walkedRow).toContainText("Churned");
  const unopenedRow = sessions.getByRole("row", { name: /cus_unopened/ });
  await expect(unopenedRow).toContainText("Created");
  await expect(unopenedRow).toContainText("Sandbox");
  await expectNoSeriousAxeViolations(page, "sessions");

  await page.getByLabel("Status").selectOption("completed");
  await applyFilters(page, /status=completed/);
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Environment").selectOption("sandbox");
  await applyFilters(page, /environment=sandbox/);
  await expect(page.getByTestId("sandbox-notice")).toBeVisible();
  await expect(sessions.getByRole("row")).toHaveCount(2);
  await expect(sessions).toContainText("cus_unopened");
  await page.getByLabel("Status").selectOption("expired");
  await applyFilters(page, /status=expired/);
  await expect(page.getByRole("heading", { name: "No sessions match these filters" })).toBeVisible();

  // Verify the result through the API, then read the timeline.
  const verified = await api(m, "POST", "/api/v1/cancel-results/verify", { token: done.token });
  expect(verified).toMatchObject({ valid: true, sid: done.sessionId });
  await page.goto(`/dashboard/sessions/${done.sessionId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Cancel session" })).toBeVisible();
  const steps = page.getByRole("list", { name: "Session timeline" }).getByRole("listitem");
  await expect(steps.nth(0)).toContainText("Cancel link created");
  await expect(steps.nth(1)).toContainText("Customer opened the link");
  // Every page the customer saw and every button they pressed, for the compliance record.
  await expect(steps.nth(2)).toContainText("Page shown: Reason");
  await expect(steps.nth(2)).toContainText("Language en.");
  await expect(steps.nth(3)).toContainText("Customer clicked “Choose a reason”");
  await expect(steps.nth(4)).toContainText("Reason chosen");
  await expect(steps.nth(4)).toContainText("I'm not using it enough (not_using)");
  // No offer for this reason: the timeline says so, and why.
  await expect(steps.nth(5)).toContainText("No offer shown");
  await expect(steps.nth(5)).toContainText("No offer matches this reason and customer.");
  await expect(steps.nth(6)).toContainText("Page shown: Confirmation");
  await expect(steps.nth(7)).toContainText("Customer clicked “Confirm”");
  await expect(steps.nth(8)).toContainText("Completed: customer cancelled");
  await expect(steps.nth(9)).toContainText(/Receipt created.*Receipt rc_\w+/);
  await expect(steps.nth(10)).toContainText("Result token issued");
  await expect(steps.nth(11)).toContainText("Page shown: Receipt");
  await expect(steps.nth(12)).toContainText("Result token verified");
  await expect(steps).toHaveCount(13);
  await expect(steps.nth(0)).toContainText(/\d{2}:\d{2}:\d{2} UTC/);
  await expect(page.getByText(merchantOrigin, { exact: true })).toBeVisible();
  await expect(page.getByText("Only used it twice")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No webhook deliveries" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "session detail");

  await page.getByRole("link", { name: "View the cancellation event" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cancellation event" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Outcome history" })).toContainText("Pending → Churned");

  await page.goto(`/dashboard/sessions/${unopened.session_id}`);
  await expect(page.getByRole("list", { name: "Session timeline" })).toContainText(
    "Link expires (scheduled)",
  );
});

test("docs: this workspace's key and hosts in the snippets, the secret for admins, plan-aware", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const m = await newMerchant(page, "docs");
  await page.goto("/dashboard/docs");
  await expect(page.getByRole("heading", { level: 1, name: "Integration guide" })).toBeVisible();
  await expect(page.getByTestId("workspace-key")).toHaveText(m.workspaceKey);
  const snippets = page.locator("pre");
  await expect(snippets.filter({ hasText: `audience: "${m.workspaceKey}"` })).toHaveCount(1);
  await expect(snippets.filter({ hasText: `${appOrigin}/api/v1/cancel-link` }).first()).toBeVisible();
  await expect(snippets.filter({ hasText: `${cancelOrigin}/s/` }).first()).toBeVisible();
  await expect(snippets.filter({ hasText: "$RETENTBASE_API_KEY" }).first()).toBeVisible();
  await expect(snippets.filter({ hasText: "x-retentbase-signature-sha256" })).toHaveCount(1);
  await expect(snippets.filter({ hasText: 'reasonKey: "too_expensive"' })).toHaveCount(1);
  await expect(page.getByText(`${merchantOrigin}/account`, { exact: true })).toBeVisible();
  await expect(page.getByText(merchantOrigin, { exact: true })).toBeVisible();
  await expect(page.getByText(m.key)).toHaveCount(0);

  // The owner can reveal the signing secret.
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(page.getByTestId("signing-secret")).toHaveText(/^whsec_[A-Za-z0-9+/=]{20,}$/);

  // The reference comes from the OpenAPI document.
  const reference = page.locator("#reference");
  await reference.getByText("/api/v1/cancel-link", { exact: true }).click();
  await expect(table(page, "POST /api/v1/cancel-link: JSON body")).toContainText("returnUrl");
  await expect(table(page, "POST /api/v1/cancel-link: responses")).toContainText("409");
  await expect(reference.getByText("/api/v1/cancellations/{eventId}", { exact: true })).toHaveCount(2);
  await expectNoSeriousAxeViolations(page, "docs (advanced)");

  // On Core, the Advanced parts say so.
  const plan = await rb("workspace", "set-plan", "--workspace", m.id, "--plan", "core", "--json");
  expect(plan.code, plan.stderr).toBe(0);
  await page.reload();
  await expect(page.getByText("Plan: Core (hosted flow)")).toBeVisible();
  await expect(page.locator("#webhooks").getByText("Advanced plan only")).toBeVisible();
  await expect(
    page
      .locator("#custom-api")
      .getByText(/403 plan_required/)
      .first(),
  ).toBeVisible();
  const summaryOf = (path: string) =>
    reference.locator("summary").filter({ has: page.getByText(path, { exact: true }) });
  await expect(summaryOf("/api/v1/cancel-link")).not.toContainText("Advanced");
  await expect(summaryOf("/api/v1/cancel-sessions/{id}")).toContainText("Advanced plan only");
  await expect(summaryOf("/api/v1/cancellations").first()).toContainText("Advanced plan only");
  await expect(snippets.filter({ hasText: "tenureDays: customer.tenureDays" })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, "docs (core)");
});

test("empty states explain what to do, and the demo workspace shows its seeded events", async ({ page }) => {
  test.setTimeout(90_000);
  await newMerchant(page, "empty");
  await page.goto("/dashboard/events");
  await expect(page.getByRole("heading", { name: "No events yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Read the integration guide" })).toHaveAttribute(
    "href",
    "/dashboard/docs",
  );
  await expectNoSeriousAxeViolations(page, "events (empty)");
  await showEnvironment(page, "Sandbox");
  await expect(page.getByRole("heading", { name: "No sandbox events yet" })).toBeVisible();
  await page.goto("/dashboard/sessions");
  await expect(page.getByRole("heading", { name: "No hosted sessions yet" })).toBeVisible();
  await expectNoSeriousAxeViolations(page, "sessions (empty)");
  // A stale or forged page link starts over instead of failing.
  await page.goto("/dashboard/events?cursor=garbage&outcome=lost");
  await expect(page.getByText("That page link is no longer valid, so this is the first page.")).toBeVisible();
  await expect(page.getByText("Ignored the unknown outcome “lost”.")).toBeVisible();

  // The demo workspace, through the switcher in the header.
  await switchToDemo(page);
  await page.goto("/dashboard/events");
  const prod = table(page, /Cancellation events \(production\)/);
  await expect(prod.getByRole("row")).toHaveCount(26);
  await expect(page.getByRole("link", { name: "Older" })).toBeVisible();
  await showEnvironment(page, "Sandbox");
  await expect(
    table(page, /Cancellation events \(sandbox\)/)
      .getByRole("row")
      .first(),
  ).toBeVisible();
  await expect(page.getByTestId("sandbox-notice")).toBeVisible();
  await page.goto("/dashboard/docs");
  await expect(page.getByTestId("secret-note")).toHaveText(
    "The demo workspace's signing secret is not shown.",
  );
  await expect(page.getByRole("button", { name: "Reveal" })).toHaveCount(0);
});

test("another workspace's event or session is not found, and shows none of its data", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const owner = await newMerchant(page, "owner");
  const event = await api(owner, "POST", "/api/v1/cancellations", {
    eventId: "evt_private",
    userId: "cus_private_customer",
    reasonKey: "too_expensive",
  });
  const link = await api(owner, "POST", "/api/v1/cancel-link", { userId: "cus_private_session" });

  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await newMerchant(other, "intruder");
  for (const path of [`/dashboard/events/${event.id}`, `/dashboard/sessions/${link.session_id}`]) {
    const response = await other.goto(path);
    // Streamed behind the dashboard's loading UI, so the status line is already sent (200) when
    // the page decides; the body is the not-found page with a noindex tag.
    test.info().annotations.push({ type: "status", description: `${path}: ${response?.status()}` });
    await expect(other.getByRole("heading", { level: 1, name: "Not found in this workspace" })).toBeVisible();
    await expect(other.getByText(/cus_private/)).toHaveCount(0);
    expect(await other.locator('meta[name="robots"][content="noindex"]').count()).toBeGreaterThan(0);
  }
  await expectNoSeriousAxeViolations(other, "not found");
  await expect(other.getByText(/cus_private/)).toHaveCount(0);
  await otherContext.close();

  // The owner sees both.
  await page.goto(`/dashboard/events/${event.id}`);
  await expect(page.getByText("cus_private_customer")).toBeVisible();
  await page.goto(`/dashboard/sessions/${link.session_id}`);
  await expect(page.getByText("cus_private_session")).toBeVisible();
});

test("amounts are shown in the workspace's currency, chosen in Settings → General", async ({ page }) => {
  const m = await newMerchant(page, "currency");
  await api(m, "POST", "/api/v1/cancellations", {
    eventId: "evt_currency",
    userId: "cus_currency",
    reasonKey: "too_expensive",
    outcome: "recovered",
    context: { mrr: 1249.5 },
  });
  await page.goto("/dashboard/events");
  await expect(page.getByText("$1,249.50").first()).toBeVisible();

  await page.goto("/dashboard/settings/general");
  // A choice made before the form hydrates is reset by React: the live preview following the
  // name field shows the form is live.
  await expect(async () => {
    await page.getByLabel("Workspace name", { exact: true }).fill("Euro Co");
    await expect(page.getByRole("figure", { name: /with Euro Co's logo/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const currency = page.getByLabel("Currency", { exact: true });
  await currency.selectOption("EUR");
  await expect(currency).toHaveValue("EUR");
  await page.getByRole("button", { name: "Save changes" }).click();
  // Saved without touching the logo (an empty file part is no upload).
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.goto("/dashboard/events");
  await expect(page.getByText("€1,249.50").first()).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByText("MRR saved €1,250").first()).toBeVisible();
});

test("on a phone: lists become cards and nothing overflows the screen", async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const m = await newMerchant(page, "phone");
  await api(m, "POST", "/api/v1/cancellations", {
    eventId: "evt_phone",
    userId: "cus_on_a_phone_with_a_long_identifier_0123456789",
    reasonKey: "switching_competitor",
    outcome: "churned",
    context: { mrr: 1249.5 },
  });
  await walkHostedFlow(page, m, "cus_phone_hosted");
  for (const path of ["/dashboard/events", "/dashboard/sessions", "/dashboard/docs"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
    await expectNoSeriousAxeViolations(page, `${path} (390 px)`);
  }
  await page.goto("/dashboard/events");
  await expect(page.getByRole("list", { name: /Cancellation events/ }).getByRole("listitem")).toHaveCount(2);
  await page
    .getByRole("list", { name: /Cancellation events/ })
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Cancellation event" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

/** Screenshots for a human to look at (E2E_SCREENSHOTS=dir); not an assertion. */
test("screenshots", async ({ browser }) => {
  const dir = process.env.E2E_SCREENSHOTS;
  test.skip(!dir, "set E2E_SCREENSHOTS=<dir> to save screenshots");
  test.setTimeout(420_000);
  mkdirSync(dir!, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const m = await newMerchant(page, "shots");
  await runScript(
    "scripts/rb.ts",
    ["webhook", "add", "--workspace", m.id, "--url", "http://127.0.0.1:9/retentbase"],
    { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
  );
  const offer = await rb(
    "offers",
    "add",
    "--workspace",
    m.id,
    "--type",
    "discount",
    "--percent-off",
    "20",
    "--duration-months",
    "3",
    "--label",
    "20% off your next 3 months",
    "--reason",
    "too_expensive",
    "--terms",
    "The discount applies to your next three invoices.",
    "--json",
  );
  expect(offer.code, offer.stderr).toBe(0);
  const e = await api(m, "POST", "/api/v1/cancellations", {
    eventId: "evt_shot",
    userId: "cus_screenshot",
    reasonKey: "too_expensive",
    offer: { type: "discount", accepted: false, label: "20% off next month" },
    context: { plan: "pro", mrr: 129, tenureDays: 42 },
    metadata: { source: "billing_settings_page" },
  });
  await api(m, "PATCH", "/api/v1/cancellations/evt_shot", { outcome: "churned", metadata: { actor: "job" } });
  const { sessionId } = await walkHostedFlow(page, m, "cus_hosted_shot");
  await api(m, "POST", "/api/v1/cancel-link", { userId: "cus_unopened", environment: "sandbox" });

  const viewports = [
    { name: "desktop", width: 1280, height: 800 },
    { name: "phone", width: 390, height: 844 },
  ];
  const shoot = async (name: string, path: string) => {
    for (const v of viewports) {
      await page.setViewportSize({ width: v.width, height: v.height });
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      // Charts draw after they measure their box: wait until every one has drawn.
      const charts = page.locator(".recharts-responsive-container");
      await expect(charts.locator(".recharts-surface")).toHaveCount(await charts.count());
      await page.screenshot({ path: `${dir}/${name}-${v.name}.png`, fullPage: true });
    }
  };

  // Every dashboard page, in the merchant's own workspace.
  await shoot("overview", "/dashboard");
  await shoot("analytics", "/dashboard/analytics");
  await shoot("events", "/dashboard/events");
  await shoot("events-sandbox-empty", "/dashboard/events?environment=sandbox");
  await shoot("event", `/dashboard/events/${e.id}`);
  await shoot("sessions", "/dashboard/sessions");
  await shoot("session", `/dashboard/sessions/${sessionId}`);
  for (const tab of ["general", "team", "api", "hosted-flow", "webhooks", "notifications", "audit"]) {
    await shoot(`settings-${tab}`, `/dashboard/settings/${tab}`);
  }
  await shoot("billing", "/dashboard/billing");
  await shoot("docs", "/dashboard/docs");
  await shoot("new-workspace", "/dashboard/new");
  await shoot("not-found", "/dashboard/events/ce_nope");

  // Every hosted step, on the cancel host: reason → offer → confirm → done, and an expired link.
  for (const v of viewports) {
    await page.setViewportSize({ width: v.width, height: v.height });
    const link = (await api(m, "POST", "/api/v1/cancel-link", {
      userId: `cus_steps_${v.name}`,
      context: { plan: "pro", mrr: 79 },
    })) as { url: string };
    const step = async (name: string) => {
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `${dir}/hosted-${name}-${v.name}.png`, fullPage: true });
    };
    await page.goto(link.url);
    await step("reason");
    await page.getByRole("radio", { name: "It's too expensive" }).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(/\/offer$/);
    await step("offer");
    await page.getByRole("button", { name: "No thanks, continue to cancel" }).click();
    await expect(page).toHaveURL(/\/confirm$/);
    await step("confirm");
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    await page.waitForURL(/\/done$/); // the receipt page
    await page.goto(`${link.url}/done`);
    await step("done");
    // An expired link knows its merchant (branding, "Return to …"); an unknown one knows nothing.
    const stale = (await api(m, "POST", "/api/v1/cancel-link", { userId: `cus_stale_${v.name}` })) as {
      url: string;
      session_id: string;
    };
    await sql(
      `update "CancelSession" set "expiresAt" = (now() at time zone 'UTC') - interval '1 minute' where id = $1`,
      [stale.session_id],
    );
    await page.goto(stale.url);
    await step("expired");
    await page.goto(`${cancelOrigin}/s/${"A".repeat(43)}`);
    await step("unknown");
  }

  // The demo workspace: what a buyer sees first, full of data.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/dashboard");
  await switchToDemo(page);
  await shoot("demo-overview", "/dashboard");
  await shoot("demo-analytics", "/dashboard/analytics");
  await shoot("demo-events", "/dashboard/events");
  await shoot("demo-sessions", "/dashboard/sessions");
  await context.close();
});
