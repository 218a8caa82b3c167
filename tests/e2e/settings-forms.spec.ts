// Dashboard forms as a merchant meets them: a refused form keeps what was typed and says why beside
// the field; a URL typed without a scheme gets https://; reasons are edited in place and reordered
// by keyboard drag, each change audited; confirmations are toasts that go away; and a signed-out
// deep link survives the magic-link sign-in.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, type Page, test } from "@playwright/test";
import { mailTo, signIn, uniqueEmail } from "./support/auth";
import { sql } from "./support/sql";

test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function newWorkspace(page: Page, label: string) {
  const email = uniqueEmail("forms");
  await signIn(page, email);
  await page.goto("/dashboard/new");
  const name = `${label} ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("new-api-key")).toContainText("rb_live_");
  const [row] = await sql<{ id: string }>(`select id from "Workspace" where name = $1`, [name]);
  return { email, name, workspaceId: row!.id };
}

test("a refused new workspace keeps its name and URL and says why beside the URL", async ({ page }) => {
  await signIn(page, uniqueEmail("onboard"));
  await page.goto("/dashboard/new");
  const name = page.getByLabel("Workspace name");
  const url = page.getByLabel(/Return URL/);
  await name.fill("Acme Keeps");
  await url.fill("not a url at all");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(url).toHaveAttribute("aria-invalid", "true");
  await expect(url).toHaveAccessibleDescription(/full .*URL/i);
  await expect(name).toHaveValue("Acme Keeps");
  await expect(url).toHaveValue("not a url at all");
  expect(await seriousViolations(page)).toEqual([]);
});

test("a return URL typed without https:// is taken as https", async ({ page }) => {
  await signIn(page, uniqueEmail("onboard"));
  await page.goto("/dashboard/new");
  const name = `Schemeless ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Workspace name").fill(name);
  await page.getByLabel(/Return URL/).fill("app.schemeless.example/account");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("new-api-key")).toContainText("rb_live_");
  const hosts = await sql<{ origin: string }>(
    `select h.origin from "ReturnHost" h join "Workspace" w on w.id = h."workspaceId" where w.name = $1`,
    [name],
  );
  expect(hosts.map((h) => h.origin)).toEqual(["https://app.schemeless.example"]);
});

test("a refused offer keeps reason, headline and MRR, with the error beside Min MRR", async ({ page }) => {
  await newWorkspace(page, "Offers");
  await page.goto("/dashboard/settings/hosted-flow");
  await page.getByLabel("For reason").selectOption({ label: "It's too expensive" });
  await page.getByLabel("Headline customers see").fill("Half off for 2 months");
  await page.getByLabel("Percent off").fill("50");
  await page.getByLabel("Duration (months)").fill("2");
  await page.getByLabel("Min MRR").fill("100");
  await page.getByLabel("Max MRR").fill("50");
  await page.getByRole("button", { name: "Add offer" }).click();
  const min = page.getByLabel("Min MRR");
  await expect(min).toHaveAttribute("aria-invalid", "true");
  await expect(min).toHaveAccessibleDescription(/Min MRR must not exceed max MRR/i);
  await expect(page.getByLabel("For reason")).toHaveValue("too_expensive");
  await expect(page.getByLabel("Headline customers see")).toHaveValue("Half off for 2 months");
  await expect(min).toHaveValue("100");
  await expect(page.getByLabel("Max MRR")).toHaveValue("50");
  // Fixed, it is added, and the form empties for the next one.
  await page.getByLabel("Max MRR").fill("500");
  await page.getByRole("button", { name: "Add offer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Offer added." })).toBeVisible();
  await expect(page.getByLabel("Headline customers see")).toHaveValue("");
});

test("a reason key says which characters it allows, before and after the server refuses it", async ({
  page,
}) => {
  await newWorkspace(page, "Keys");
  await page.goto("/dashboard/settings/hosted-flow");
  const key = page.getByLabel("Key", { exact: true });
  await expect(key).toHaveAccessibleDescription(/lowercase letters, digits and _/);
  await key.fill("Too Slow!");
  await page.getByLabel("Label customers see").fill("It's too slow");
  await page.getByRole("button", { name: "Add reason" }).click();
  await expect(key).toHaveAttribute("aria-invalid", "true");
  await expect(key).toHaveAccessibleDescription(/only lowercase letters, digits and _/i);
  await expect(key).toHaveValue("Too Slow!");
  await expect(page.getByLabel("Label customers see")).toHaveValue("It's too slow");
});

test("reasons: rename in place, Escape cancels, keyboard drag reorders; each change audited; toasts go away", async ({
  page,
}) => {
  await newWorkspace(page, "Reasons");
  await page.goto("/dashboard/settings/hosted-flow");
  const list = page.getByRole("list", { name: "Cancellation reasons" });

  // Inline edit: the label is a button; Enter on it edits, Enter saves.
  await list.getByRole("button", { name: "Edit label: It's too expensive" }).click();
  const input = list.getByRole("textbox", { name: "Label for too_expensive" });
  await expect(input).toBeFocused();
  await input.fill("It costs too much");
  await input.press("Enter");
  const toast = page.getByRole("status").filter({ hasText: "Reason saved." });
  await expect(toast).toBeVisible();
  await expect(list.getByRole("button", { name: "Edit label: It costs too much" })).toBeVisible();
  // The toast leaves by itself.
  await expect(toast).toHaveCount(0, { timeout: 20_000 });

  // Escape leaves it as it was, focus back on the label.
  await list.getByRole("button", { name: "Edit label: I only need a break" }).press("Enter");
  const breakInput = list.getByRole("textbox", { name: "Label for temporary" });
  await breakInput.fill("Never mind");
  await breakInput.press("Escape");
  await expect(list.getByRole("button", { name: "Edit label: I only need a break" })).toBeFocused();

  // Keyboard drag: Space picks up, ArrowDown moves, Space drops; a screen reader hears each step.
  const handle = list.getByRole("button", { name: "Reorder It costs too much" });
  await handle.focus();
  await page.keyboard.press("Space");
  await expect(page.getByText(/Picked up It costs too much/)).toBeAttached();
  await page.keyboard.press("ArrowDown");
  // Dropped once the move has landed, as someone hearing it would: a busy machine may lag a frame.
  await expect(page.getByText(/It costs too much was moved to position 2 of 7/)).toBeAttached();
  await page.keyboard.press("Space");
  await expect(page.getByText(/It costs too much was dropped at position 2 of 7/)).toBeAttached();
  await expect(page.getByRole("status").filter({ hasText: "Order saved." })).toBeVisible();
  await page.reload();
  const keys = await sql<{ key: string }>(
    `select r.key from "Reason" r join "Workspace" w on w.id = r."workspaceId"
     where w.id = (select "workspaceId" from "Reason" where label = 'It costs too much' limit 1)
     order by r.position`,
  );
  expect(keys.slice(0, 2).map((k) => k.key)).toEqual(["missing_features", "too_expensive"]);
  await expect(list.getByRole("listitem").first()).toContainText("It's missing features I need");

  // Disable, and add a reason.
  await list.getByRole("button", { name: "Disable Something else" }).click();
  await expect(list.getByRole("listitem").filter({ hasText: "Something else" })).toContainText("Disabled");
  await page.getByLabel("Key", { exact: true }).fill("too_slow");
  await page.getByLabel("Label customers see").fill("It's too slow");
  await page.getByRole("button", { name: "Add reason" }).click();
  await expect(list.getByRole("button", { name: "Edit label: It's too slow" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.goto("/dashboard/settings/audit");
  const actions = await page.getByTestId("audit-entry").locator("code").allTextContents();
  expect(actions).toEqual(
    expect.arrayContaining(["reason.renamed", "reason.reordered", "reason.disabled", "reason.created"]),
  );
});

test("offer changes are audited: create, disable, delete", async ({ page }) => {
  await newWorkspace(page, "OfferAudit");
  await page.goto("/dashboard/settings/hosted-flow");
  await page.getByLabel("Headline customers see").fill("A month free");
  await page.getByLabel("Type", { exact: true }).selectOption("extension");
  await page.getByLabel("Free days").fill("30");
  await page.getByRole("button", { name: "Add offer" }).click();
  const row = page.getByRole("listitem").filter({ hasText: "A month free" });
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete offer" }).click();
  await expect(row).toHaveCount(0);
  await page.goto("/dashboard/settings/audit");
  const actions = await page.getByTestId("audit-entry").locator("code").allTextContents();
  expect(actions).toEqual(expect.arrayContaining(["offer.created", "offer.updated", "offer.deleted"]));
});

test("a signed-out deep link lands where it pointed after the magic-link sign-in", async ({ browser }) => {
  const setup = await browser.newPage();
  const { email } = await newWorkspace(setup, "DeepLink");
  await setup.close();

  for (const [deepLink, landing] of [
    ["/dashboard/settings?tab=api", /\/dashboard\/settings\/api$/],
    ["/dashboard/events?x=y", /\/dashboard\/events\?x=y$/],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(deepLink);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    const before = (await mailTo(email)).length;
    await page.getByLabel("Work email").fill(email);
    await page.getByRole("button", { name: /email me a sign-in link/i }).click();
    await expect(page).toHaveURL(/\/login\/check-email/, { timeout: 20_000 });
    await expect.poll(async () => (await mailTo(email)).length).toBeGreaterThan(before);
    const link = (await mailTo(email)).filter((m) => /sign-in link/i.test(m.subject)).at(-1)!.links[0]!;
    await page.goto(link);
    await expect(page).toHaveURL(landing, { timeout: 20_000 });
    await context.close();
  }
});
