// Settings in Chromium against the built app: branding with its live preview, webhook endpoints
// (refusals only: this server may not reach anything but loopback), inviting a member who accepts in
// a second browser, read-only members whose actions the server refuses, the read-only demo
// workspace, and axe on every tab.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect as baseExpect, type Page, test } from "@playwright/test";
import { linkFromMail, mailTo, pickWorkspace, signIn, uniqueEmail } from "./support/auth";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
// 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const DEMO_READ_ONLY = "The demo workspace is read-only: create your own workspace to make changes.";

test.describe.configure({ timeout: 90_000 });
// Server actions that send email or webhooks take a few seconds on a busy machine.
const expect = baseExpect.configure({ timeout: 15_000 });

type Owner = { email: string; name: string; apiKey: string; workspaceId: string };

/** Signs a new user in and creates their workspace through onboarding. */
async function ownerWithWorkspace(page: Page, label: string): Promise<Owner> {
  const email = uniqueEmail("owner");
  await signIn(page, email);
  await page.goto("/dashboard/new");
  const name = `${label} ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Workspace name").fill(name);
  await page.getByLabel(/Return URL/).fill("http://localhost:4010/account");
  await page.getByRole("button", { name: "Create workspace" }).click();
  const apiKey = (await page.getByTestId("new-api-key").textContent()) ?? "";
  const [row] = await sql<{ id: string }>(`select id from "Workspace" where name = $1`, [name]);
  return { email, name, apiKey, workspaceId: row!.id };
}

/**
 * An endpoint on a documentation address (203.0.113.0/24, "reserved"), written to the database
 * directly: the dashboard would refuse it, and sending to it is refused before any connection.
 */
async function reservedEndpoint(workspaceId: string) {
  const id = `we_e2e${randomBytes(6).toString("hex")}`;
  const url = "https://203.0.113.10/retentbase";
  await sql(
    `insert into "WebhookEndpoint" (id, "workspaceId", url, "eventTypes", "createdAt", "updatedAt")
     values ($1, $2, $3, $4, now() at time zone 'UTC', now() at time zone 'UTC')`,
    [id, workspaceId, url, ["cancellation.created"]],
  );
  return { id, url };
}

async function openTab(page: Page, tab: string) {
  await page.goto(`/dashboard/settings/${tab}`);
  await expect(page.locator('nav[aria-label="Settings sections"] [aria-current="page"]')).toHaveAttribute(
    "href",
    `/dashboard/settings/${tab}`,
  );
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("old ?tab= links and bookmarks open the section's own page, keeping other parameters", async ({
  page,
}) => {
  await ownerWithWorkspace(page, "Links");
  await page.goto("/dashboard/settings?tab=api");
  await expect(page).toHaveURL(/\/dashboard\/settings\/api$/);
  await expect(page.getByRole("link", { name: "API", exact: true })).toHaveAttribute("aria-current", "page");
  await page.goto("/dashboard/settings?tab=webhooks&environment=sandbox");
  await expect(page).toHaveURL(/\/dashboard\/settings\/webhooks\?environment=sandbox$/);
  // No tab (or one that no longer exists): the first section.
  await page.goto("/dashboard/settings");
  await expect(page).toHaveURL(/\/dashboard\/settings\/general$/);
  await page.goto("/dashboard/settings?tab=nope");
  await expect(page).toHaveURL(/\/dashboard\/settings\/general$/);
  // The redirect happens in the browser (the page streams): let it land before clicking on, or the
  // router's redirect can overtake the click's navigation.
  await expect(page.getByRole("heading", { level: 2, name: "Workspace and branding" })).toBeVisible();
  // Each section's link opens it. A click the router's late redirect swallowed is clicked again.
  const hostedFlow = page
    .getByRole("navigation", { name: "Settings sections" })
    .getByRole("link", { name: "Hosted flow" });
  await expect(async () => {
    if (!/\/hosted-flow$/.test(page.url())) await hostedFlow.click();
    await expect(page).toHaveURL(/\/dashboard\/settings\/hosted-flow$/, { timeout: 3000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("link", { name: "Hosted flow" })).toHaveAttribute("aria-current", "page");
});

test("branding edits show in the hosted-flow preview before saving, then on the hosted flow", async ({
  page,
}) => {
  const owner = await ownerWithWorkspace(page, "Brand");
  await openTab(page, "general");

  const preview = page.getByRole("figure");
  await expect(preview.getByTestId("preview-name")).toHaveText(owner.name);
  // Typed before the form hydrates, a value is reset by React: type until the preview follows.
  await expect(async () => {
    await page.getByLabel("Workspace name", { exact: true }).fill("Brightside Coffee");
    await expect(preview.getByTestId("preview-name")).toHaveText("Brightside Coffee", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  const accent = page.getByLabel("Accent colour", { exact: true });
  await accent.fill("#0f766e");
  await expect(preview.getByTestId("preview-button")).toHaveCSS("background-color", "rgb(15, 118, 110)");

  // Checked in the browser before anything is sent: a too-large logo and a malformed colour.
  await page.getByLabel("Logo", { exact: true }).setInputFiles({
    name: "huge.png",
    mimeType: "image/png",
    buffer: Buffer.concat([PNG, Buffer.alloc(101 * 1024)]),
  });
  await expect(page.locator("#ws-logo-error")).toContainText("at most 100 KB");
  await page
    .getByLabel("Logo", { exact: true })
    .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await expect(page.locator("#ws-logo-error")).toHaveCount(0);
  await expect(preview.getByTestId("preview-logo")).toHaveAttribute("src", /^data:image\/png;base64,/);

  await accent.fill("#12");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#ws-accent-error")).toHaveText("Use a hex colour like #4f46e5");
  await expect(accent).toHaveAttribute("aria-invalid", "true");
  // Nothing was saved yet.
  const [before] = await sql<{ name: string }>(`select name from "Workspace" where id = $1`, [
    owner.workspaceId,
  ]);
  expect(before!.name).toBe(owner.name);

  await accent.fill("#0f766e");
  await page.getByLabel("Time zone").selectOption("Europe/Berlin");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Workspace name", { exact: true })).toHaveValue("Brightside Coffee");
  await expect(page.getByLabel("Accent colour", { exact: true })).toHaveValue("#0f766e");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await expect(page.getByRole("img", { name: "Current logo" })).toHaveAttribute(
    "src",
    /^data:image\/png;base64,/,
  );

  // Customers see it.
  const res = await page.request.post("/api/v1/cancel-link", {
    headers: { authorization: `Bearer ${owner.apiKey}` },
    data: { userId: "cus_brand" },
  });
  expect(res.status()).toBe(200);
  const flow = await page.context().newPage();
  await flow.goto((await res.json()).url);
  await expect(flow.locator("header")).toContainText("Brightside Coffee");
  await expect(flow.locator("header img")).toHaveAttribute("src", /^data:image\/png;base64,/);
  await expect(flow.getByRole("button", { name: "Continue" })).toHaveCSS(
    "background-color",
    "rgb(15, 118, 110)",
  );

  // Removing the logo: the preview falls back to the initial, and so does the flow once saved.
  await page.getByRole("button", { name: "Remove logo" }).click();
  await expect(preview.getByTestId("preview-logo")).toHaveCount(0);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await flow.reload();
  await expect(flow.locator("header img")).toHaveCount(0);

  await openTab(page, "audit");
  await expect(page.getByTestId("audit-entry").first()).toContainText("workspace.settings_updated");
  await expect(page.getByTestId("audit-entry").first()).toContainText(owner.email);
});

test("a webhook URL the server refuses says why beside the field", async ({ page }) => {
  await ownerWithWorkspace(page, "Hooks");
  await openTab(page, "webhooks");
  await expect(page.getByRole("heading", { name: "No webhook endpoints yet" })).toBeVisible();
  const url = page.getByLabel("Endpoint URL");
  const error = page.locator("#webhook-url-error");
  const add = page.getByRole("button", { name: "Add endpoint" });

  await url.fill("not a url");
  await add.click();
  await expect(error).toHaveText("Enter a full URL, like https://example.com/webhooks/retentbase");

  // Refused on the server before any DNS lookup or connection.
  await url.fill("https://10.0.0.1/hook");
  await add.click();
  await expect(error).toContainText("10.0.0.1 is a private-network address");
  // What was typed stays, to be corrected.
  await expect(url).toHaveValue("https://10.0.0.1/hook");
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(url).toHaveAttribute("aria-describedby", "webhook-url-error");

  await url.fill("http://example.com/hook");
  await add.click();
  await expect(error).toHaveText("Must start with https://");

  await url.fill("https://localhost/hook");
  await add.click();
  await expect(error).toContainText("localhost is a loopback name");

  await url.fill("https://example.com/hook");
  await page.getByLabel("cancellation.created").uncheck();
  await page.getByLabel("cancellation.outcome_updated").uncheck();
  await add.click();
  await expect(page.locator("#webhook-events-error")).toHaveText("Choose at least one event type");

  await expect(page.getByRole("heading", { name: "No webhook endpoints yet" })).toBeVisible();
});

test("an endpoint paused by its circuit breaker says so in words, in the list and the delivery log", async ({
  page,
}) => {
  const owner = await ownerWithWorkspace(page, "Paused");
  const endpoint = await reservedEndpoint(owner.workspaceId);
  // As the drainer leaves it after 3 timeouts in a row: open for a minute, one delivery waiting.
  await sql(
    `update "WebhookEndpoint" set "consecutiveTimeouts" = 3, "circuitOpenings" = 1,
       "circuitOpenedAt" = now() at time zone 'UTC', "circuitRetryAt" = (now() at time zone 'UTC') + interval '1 minute'
     where id = $1`,
    [endpoint.id],
  );
  const eventId = `evt_e2e${randomBytes(6).toString("hex")}`;
  await sql(
    `insert into "WebhookEvent" (id, "workspaceId", type, environment, payload, "createdAt")
     values ($1, $2, 'cancellation.created', 'prod', '{}', now() at time zone 'UTC')`,
    [eventId, owner.workspaceId],
  );
  await sql(
    `insert into "WebhookDelivery" (id, "workspaceId", "webhookEventId", "endpointId", "nextAttemptAt", "createdAt", "updatedAt")
     values ($1, $2, $3, $4, now() at time zone 'UTC', now() at time zone 'UTC', now() at time zone 'UTC')`,
    [`wd_e2e${randomBytes(6).toString("hex")}`, owner.workspaceId, eventId, endpoint.id],
  );

  await openTab(page, "webhooks");
  const item = page.getByTestId("webhook-endpoint");
  await expect(item.getByText("Paused: timing out", { exact: true })).toBeVisible();
  await expect(page.getByTestId("webhook-endpoint-paused")).toContainText(
    /Paused: timing out — next try at \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC\. 3 attempts in a row got no answer/,
  );
  await expect(page.getByTestId("webhook-endpoint-paused")).toContainText("Send a test event to try it now.");
  const delivery = page.getByTestId("webhook-delivery").first();
  await expect(delivery).toContainText("Pending");
  await expect(delivery).toContainText(
    /Waiting: the endpoint is paused for timing out until \d{1,2} \w{3} \d{4}/,
  );
  expect(await seriousViolations(page)).toEqual([]);
});

test("an endpoint's test event, delivery log, retry, disable, enable and remove", async ({ page }) => {
  const owner = await ownerWithWorkspace(page, "Deliveries");
  const endpoint = await reservedEndpoint(owner.workspaceId);
  await openTab(page, "webhooks");
  await expect(page.getByTestId("webhook-endpoint")).toContainText(endpoint.url);
  await expect(page.getByRole("heading", { name: "No deliveries yet" })).toBeVisible();

  await page.getByRole("button", { name: "Send test event" }).click();
  const result = page.getByTestId("webhook-test-result");
  await expect(result).toContainText("Not delivered");
  await expect(result).toContainText("203.0.113.10");

  await page.reload();
  const delivery = page.getByTestId("webhook-delivery").first();
  await expect(delivery).toContainText("webhook.test");
  await expect(delivery).toContainText("Failed, retrying");
  await expect(delivery).toContainText("1 attempt");
  await expect(delivery).toContainText("203.0.113.10 is a reserved address");
  await delivery.getByText("Show attempts (1)").click();
  await expect(delivery.getByText("Attempt 1")).toBeVisible();

  await delivery.getByRole("button", { name: "Retry" }).click();
  // Confirmations are toasts (the page's status region), not banners left in the row.
  await expect(page.getByRole("status").filter({ hasText: "Retried: not delivered" })).toBeVisible();
  await expect(delivery).toContainText("2 attempts");

  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByText(`Disabled by ${owner.email}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send test event" })).toBeDisabled();
  // Enabling checks the URL again, under today's rules.
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.locator("main").getByRole("alert")).toContainText("203.0.113.10 is a reserved address");

  await page.getByRole("button", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove this endpoint?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("webhook-endpoint")).toContainText(endpoint.url);
  await page.getByRole("button", { name: "Remove" }).click();
  await dialog.getByRole("button", { name: "Remove endpoint" }).click();
  await expect(page.getByRole("heading", { name: "No webhook endpoints yet" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No deliveries yet" })).toBeVisible();

  await openTab(page, "audit");
  const actions = await page.getByTestId("audit-entry").locator("code").allTextContents();
  expect(actions.slice(0, 4)).toEqual([
    "webhook_endpoint.removed",
    "webhook_endpoint.disabled",
    "webhook_delivery.retried",
    "webhook_endpoint.test_sent",
  ]);
});

test("API keys, the signing secret, return hosts, reasons and offers change from their forms, each audited", async ({
  page,
}) => {
  const owner = await ownerWithWorkspace(page, "Forms");
  await openTab(page, "api");
  await page.getByLabel("New key name").fill("CI");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toContainText("rb_live_");
  const ci = page.getByRole("row").filter({ hasText: "CI" });
  await ci.getByRole("button", { name: "Revoke" }).click();
  await page
    .getByRole("dialog", { name: "Revoke “CI”?" })
    .getByRole("button", { name: "Revoke key" })
    .click();
  await expect(ci).toContainText("Revoked");
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page
    .getByRole("dialog", { name: "Rotate the signing secret?" })
    .getByRole("button", { name: "Rotate secret" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: "Secret rotated." })).toBeVisible();

  await openTab(page, "hosted-flow");
  await page.getByLabel("Add a host (any URL on it)").fill("http://localhost:4020/anywhere");
  await page.getByRole("button", { name: "Add host" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "http://localhost:4020 is allowed." }),
  ).toBeVisible();
  await page
    .getByRole("listitem")
    .filter({ hasText: "http://localhost:4020" })
    .getByRole("button", { name: "Remove" })
    .click();
  await page
    .getByRole("dialog", { name: "Remove http://localhost:4020?" })
    .getByRole("button", { name: "Remove host" })
    .click();
  // The form that said so goes with the row it removed.
  await expect(page.getByRole("listitem").filter({ hasText: "http://localhost:4020" })).toHaveCount(0);
  await page.getByLabel("Key", { exact: true }).fill("too_slow");
  await page.getByLabel("Label customers see").fill("It's too slow");
  await page.getByRole("button", { name: "Add reason" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reason added." })).toBeVisible();
  await page.getByLabel("Headline customers see").fill("Half off for 2 months");
  await page.getByLabel("Percent off").fill("50");
  await page.getByLabel("Duration (months)").fill("2");
  await page.getByRole("button", { name: "Add offer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Offer added." })).toBeVisible();
  await page
    .getByRole("listitem")
    .filter({ hasText: "Half off for 2 months" })
    .getByRole("button", { name: "Delete" })
    .click();
  await page
    .getByRole("dialog", { name: "Delete “Half off for 2 months”?" })
    .getByRole("button", { name: "Delete offer" })
    .click();
  await expect(page.getByRole("listitem").filter({ hasText: "Half off for 2 months" })).toHaveCount(0);

  await openTab(page, "audit");
  const entries = page.getByTestId("audit-entry");
  expect(await entries.locator("code").allTextContents()).toEqual(
    expect.arrayContaining([
      "api_key.created",
      "api_key.revoked",
      "signing_secret.rotated",
      "return_host.added",
      "return_host.removed",
      "reason.created",
      "offer.created",
      "offer.deleted",
    ]),
  );
  await expect(entries.filter({ hasText: "signing_secret.rotated" })).toContainText(owner.email);
});

test("a form left open while another tab switches workspaces is refused and changes neither", async ({
  page,
}) => {
  const first = await ownerWithWorkspace(page, "First");
  await openTab(page, "hosted-flow");
  // Another tab of the same browser creates a second workspace, which becomes the current one.
  const other = await page.context().newPage();
  await other.goto("/dashboard/new");
  const secondName = `Second ${randomBytes(3).toString("hex")}`;
  await other.getByLabel("Workspace name").fill(secondName);
  await other.getByRole("button", { name: "Create workspace" }).click();
  await expect(other.getByTestId("new-api-key")).toBeVisible();
  // One free trial per user: the second workspace would be read-only until a plan is chosen, and
  // the policy (asked first) would refuse for that reason. Give it a trial too, so only the stale tab is wrong.
  await sql(
    `update "Workspace" set "subscriptionStatus" = 'trialing', "accessEndsAt" = now() + interval '14 days' where name = $1`,
    [secondName],
  );

  await page.getByLabel("Add a host (any URL on it)").fill("http://localhost:4030/x");
  await page.getByRole("button", { name: "Add host" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText(
    "You switched to another workspace in a different tab: reload this page, then try again.",
  );
  const hosts = await sql<{ origin: string }>(
    `select h.origin from "ReturnHost" h join "Workspace" w on w.id = h."workspaceId" where w.id = $1 or w.name = $2`,
    [first.workspaceId, secondName],
  );
  expect(hosts.map((h) => h.origin)).not.toContain("http://localhost:4030");
});

async function acceptInvitationAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const invite = await linkFromMail(email, /invited you to/);
  expect(invite).toMatch(new RegExp(`^${appOrigin}/invite/[A-Za-z0-9_-]{43}$`));
  // Not signed in: to sign-in, and back to the invitation.
  await page.goto(invite);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Finvite%2F/);
  await expect(page.getByText("Sign in with the email address the invitation was sent to")).toBeVisible();
  const before = (await mailTo(email)).length;
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: /email me a sign-in link/i }).click();
  await expect(page).toHaveURL(/\/login\/check-email/);
  await expect.poll(async () => (await mailTo(email)).length).toBeGreaterThan(before);
  await page.goto(await linkFromMail(email, /sign-in link/i));
  await expect(page).toHaveURL(invite);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return page;
}

test("an invited member joins, sees settings read-only, and the server refuses their changes", async ({
  page,
  browser,
}) => {
  const owner = await ownerWithWorkspace(page, "Team");
  const memberEmail = uniqueEmail("member");
  await openTab(page, "team");
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#invite-email-error")).toHaveText(
    "Enter an email address, like teammate@company.com",
  );
  await page.getByLabel("Email address").fill(memberEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Invitation sent to ${memberEmail}` }),
  ).toBeVisible();
  await expect(page.getByTestId("team-invitation")).toContainText(memberEmail);

  const member = await acceptInvitationAs(browser, memberEmail);
  await expect(member.getByRole("banner").getByRole("button", { name: /^Workspace/ })).toContainText(
    owner.name,
  );

  // Read-only for members: no forms, a note saying so, no audit tab.
  await openTab(member, "general");
  await expect(
    member.getByText("You can view these settings; only admins and owners can change them."),
  ).toBeVisible();
  await expect(member.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(member.getByLabel("Workspace name", { exact: true })).toBeDisabled();
  await expect(member.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await openTab(member, "team");
  await expect(member.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: /Change role/ })).toHaveCount(0);
  await expect(member.getByTestId("team-member")).toHaveCount(2);
  await openTab(member, "webhooks");
  await expect(member.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  await openTab(member, "api");
  await expect(member.getByRole("button", { name: "Create key" })).toHaveCount(0);
  // Their own notifications they may change.
  await openTab(member, "notifications");
  await member.getByLabel("Email me the weekly report").check();
  await member.getByRole("button", { name: "Save preference" }).click();
  await expect(
    member.getByRole("status").filter({ hasText: "You will get the weekly report" }),
  ).toBeVisible();

  // The owner sees them join, and makes them admin for a moment.
  await page.reload();
  const row = page.getByTestId("team-member").filter({ hasText: memberEmail });
  await expect(row).toBeVisible();
  await expect(page.getByTestId("team-invitation")).toHaveCount(0);
  await row.getByLabel(`Role of ${memberEmail}`, { exact: true }).selectOption("admin");
  await row.getByRole("button", { name: `Change role of ${memberEmail}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${memberEmail} is now an admin.` })).toBeVisible();

  await openTab(member, "general");
  await expect(member.getByRole("button", { name: "Save changes" })).toBeVisible();
  await member.getByLabel("Workspace name", { exact: true }).fill("Taken over");

  // Demoted while their form is still open: the server has the last word.
  await page.reload();
  await row.getByLabel(`Role of ${memberEmail}`, { exact: true }).selectOption("member");
  await row.getByRole("button", { name: `Change role of ${memberEmail}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${memberEmail} is now a member.` })).toBeVisible();
  await member.getByRole("button", { name: "Save changes" }).click();
  await expect(member.locator("main").getByRole("alert")).toHaveText("Only admins and owners can do this.");
  const [ws] = await sql<{ name: string }>(`select name from "Workspace" where id = $1`, [owner.workspaceId]);
  expect(ws!.name).toBe(owner.name);

  // The link worked once.
  await member.goto(await linkFromMail(memberEmail, /invited you to/));
  await expect(member.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();

  await openTab(page, "audit");
  const actions = await page.getByTestId("audit-entry").locator("code").allTextContents();
  expect(actions).toEqual(expect.arrayContaining(["member.invited", "member.joined", "member.role_changed"]));
  await expect(page.getByTestId("audit-entry").filter({ hasText: "member.joined" })).toContainText(
    memberEmail,
  );

  // Removing them asks first.
  await openTab(page, "team");
  await row.getByRole("button", { name: "Remove" }).click();
  await page
    .getByRole("dialog", { name: `Remove ${memberEmail}?` })
    .getByRole("button", { name: "Remove member" })
    .click();
  await expect(page.getByTestId("team-member")).toHaveCount(1);
  await member.context().close();
});

test("an invitation link says so when it is unknown, or meant for another address", async ({
  page,
  browser,
}) => {
  await page.goto("/invite/not-a-real-token");
  await expect(page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();

  const owner = await ownerWithWorkspace(page, "Wrong");
  const invited = uniqueEmail("invited");
  await openTab(page, "team");
  await page.getByLabel("Email address").fill(invited);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("team-invitation")).toContainText(invited);

  const other = await (await browser.newContext()).newPage();
  await signIn(other, uniqueEmail("someone-else"));
  await other.goto(await linkFromMail(invited, /invited you to/));
  await expect(other.getByRole("heading", { name: "Sign in as the invited address" })).toBeVisible();
  await expect(other.getByText(invited)).toBeVisible();
  await expect(other.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  expect(await seriousViolations(other)).toEqual([]);

  // Revoked: the link stops working.
  await page.getByTestId("team-invitation").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByRole("heading", { name: "No pending invitations" })).toBeVisible();
  await other.reload();
  await expect(other.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
  expect(owner.workspaceId).toMatch(/^ws_/);
  await other.context().close();
});

test("the demo workspace refuses writes, even from a form opened before switching to it", async ({
  page,
}) => {
  const owner = await ownerWithWorkspace(page, "Demo check");
  await openTab(page, "general");

  const other = await page.context().newPage();
  await other.goto("/dashboard");
  await pickWorkspace(other, /demo, read-only/);
  await expect(other.getByText("You are viewing the demo workspace")).toBeVisible();
  const [{ id: demoId } = { id: "" }] = await sql<{ id: string }>(
    `select id from "Workspace" where "isDemo"`,
  );

  for (const tab of ["general", "team", "webhooks", "api", "hosted-flow"]) {
    await openTab(other, tab);
    await expect(other.getByText("The demo workspace is read-only.", { exact: true })).toBeVisible();
    await expect(
      other
        .locator("main")
        .getByRole("button", { name: /Save|Add|Send|Create|Remove|Revoke|Change/, disabled: false }),
    ).toHaveCount(0);
  }
  await openTab(other, "notifications");
  await expect(other.getByText("The demo workspace has none.", { exact: false })).toBeVisible();

  // The first tab still shows its own workspace's form; the cookie now says demo.
  await page.getByLabel("Workspace name", { exact: true }).fill("Renamed demo");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText(DEMO_READ_ONLY);
  const names = await sql<{ name: string }>(`select name from "Workspace" where id = any($1)`, [
    [demoId, owner.workspaceId],
  ]);
  expect(names.map((n) => n.name)).not.toContain("Renamed demo");
});

test("every settings tab passes axe (no serious or critical violations)", async ({ page }) => {
  // Eight full axe scans: slow on a small machine running other tests at the same time.
  test.setTimeout(180_000);
  const owner = await ownerWithWorkspace(page, "Axe");
  await reservedEndpoint(owner.workspaceId);
  await openTab(page, "team");
  await page.getByLabel("Email address").fill(uniqueEmail("axe-invitee"));
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("team-invitation")).toHaveCount(1);
  await openTab(page, "webhooks");
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByTestId("webhook-test-result")).toBeVisible();

  for (const tab of ["general", "team", "api", "hosted-flow", "webhooks", "notifications", "audit"]) {
    await openTab(page, tab);
    if (tab === "webhooks")
      await page
        .getByText(/Show attempts/)
        .first()
        .click();
    expect(await seriousViolations(page), tab).toEqual([]);
  }
  // And the Core plan's upgrade view.
  await sql(`update "Workspace" set plan = 'core' where id = $1`, [owner.workspaceId]);
  await openTab(page, "webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
  // With billing on, a link to it; self-hosted without billing, the CLI command.
  await expect(
    page.getByRole("link", { name: "Upgrade to Advanced" }).or(page.getByText("workspace set-plan")),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  expect(await seriousViolations(page), "webhooks (core)").toEqual([]);
});
