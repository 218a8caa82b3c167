// Offers with structured terms in Settings → Hosted flow, as an admin meets them: the add form
// shows the chosen type's term fields, each offer's terms are summarised in the list, an offer's
// terms are edited in place, a refused form keeps what was typed with the error beside the field,
// and the offer cooldown is saved.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, type Locator, type Page, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/auth";
import { sql } from "./support/sql";

test.describe.configure({ timeout: 120_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

async function newWorkspace(page: Page) {
  await signIn(page, uniqueEmail("offers"));
  await page.goto("/dashboard/new");
  const name = `Offers ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("new-api-key")).toContainText("rb_live_");
  const [row] = await sql<{ id: string }>(`select id from "Workspace" where name = $1`, [name]);
  return row!.id;
}

/** React has hydrated the element (its fiber is attached): typing now is not reset by hydration. */
async function hydrated(el: Locator) {
  await expect
    .poll(() => el.evaluate((node) => Object.keys(node).some((k) => k.startsWith("__reactFiber"))))
    .toBe(true);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("an admin adds a discount, a pause and a plan change, sees their terms, edits one; a refused offer keeps its values", async ({
  page,
}) => {
  const workspaceId = await newWorkspace(page);
  await page.goto("/dashboard/settings/hosted-flow");
  const add = page.getByRole("form", { name: "Add an offer" });
  await hydrated(add);
  const rows = page.getByTestId("offer-row");
  const row = (label: string) => rows.filter({ has: page.getByText(label, { exact: true }) });

  // Only the chosen type's terms show.
  const type = add.getByLabel("Type", { exact: true });
  await expect(add.getByLabel("Percent off")).toBeVisible();
  await expect(add.getByLabel("Longest pause (months)")).toBeHidden();
  await type.selectOption("pause");
  await expect(add.getByLabel("Longest pause (months)")).toBeVisible();
  await expect(add.getByLabel("Percent off")).toBeHidden();
  await type.selectOption("discount");
  // A fixed amount is in the workspace's currency unless changed.
  await add.getByLabel("A fixed amount").check();
  await expect(add.getByLabel("Currency")).toHaveValue("USD");
  await expect(add.getByLabel("Percent off")).toBeHidden();
  await add.getByLabel("A percentage").check();

  await add.getByLabel("Headline customers see").fill("Stay for less");
  await add.getByLabel("Percent off").fill("30");
  await add.getByLabel("Duration (months)").fill("3");
  await add.getByRole("button", { name: "Add offer" }).click();
  await expect(row("Stay for less")).toContainText("30% off for 3 months");
  await expect(row("Stay for less")).toContainText("Discount");
  await expect(add.getByLabel("Headline customers see")).toHaveValue("");

  await type.selectOption("pause");
  await add.getByLabel("Headline customers see").fill("Take a break");
  await add.getByLabel("Longest pause (months)").fill("3");
  await add.getByRole("button", { name: "Add offer" }).click();
  await expect(row("Take a break")).toContainText("Pause up to 3 months");

  await type.selectOption("plan_change");
  await add.getByLabel("Headline customers see").fill("Go Lite");
  await add.getByLabel("Move to plan").fill("Lite");
  await add.getByLabel("Price shown (optional)").fill("$9/month");
  await add.getByRole("button", { name: "Add offer" }).click();
  await expect(row("Go Lite")).toContainText("Switch to Lite ($9/month)");
  await expect(rows).toHaveCount(3);

  // Refused: the error is beside the field, and the form keeps its type, headline and days.
  await type.selectOption("extension");
  await add.getByLabel("Headline customers see").fill("A free year and more");
  await add.getByLabel("Free days").fill("400");
  await add.getByRole("button", { name: "Add offer" }).click();
  const days = add.getByLabel("Free days");
  await expect(days).toHaveAttribute("aria-invalid", "true");
  await expect(days).toHaveAccessibleDescription("Enter a whole number of days from 1 to 365");
  await expect(days).toBeVisible();
  await expect(days).toHaveValue("400");
  await expect(type).toHaveValue("extension");
  await expect(add.getByLabel("Headline customers see")).toHaveValue("A free year and more");
  await expect(rows).toHaveCount(3);
  expect(await seriousViolations(page)).toEqual([]);

  // Edit the pause: a longer one, a new headline.
  await row("Take a break").locator("summary").click();
  const edit = page.getByRole("form", { name: "Edit Take a break" });
  await expect(edit.getByLabel("Longest pause (months)")).toHaveValue("3");
  await edit.getByLabel("Longest pause (months)").fill("13");
  await edit.getByRole("button", { name: "Save offer" }).click();
  await expect(edit.getByLabel("Longest pause (months)")).toHaveAccessibleDescription(
    "Enter a whole number of months from 1 to 12",
  );
  await expect(edit.getByLabel("Longest pause (months)")).toHaveValue("13");
  await edit.getByLabel("Headline", { exact: true }).fill("Take a longer break");
  await edit.getByLabel("Longest pause (months)").fill("6");
  await edit.getByRole("button", { name: "Save offer" }).click();
  await expect(row("Take a longer break")).toContainText("Pause up to 6 months");
  await expect(row("Take a break")).toHaveCount(0);

  const stored = await sql<{ type: string; label: string; terms: unknown }>(
    `select type::text, label, terms from "Offer" where "workspaceId" = $1 order by position`,
    [workspaceId],
  );
  expect(stored).toEqual([
    { type: "discount", label: "Stay for less", terms: { percentOff: 30, durationMonths: 3 } },
    { type: "pause", label: "Take a longer break", terms: { maxMonths: 6 } },
    { type: "plan_change", label: "Go Lite", terms: { toPlan: "Lite", priceLabel: "$9/month" } },
  ]);
});

test("the offer cooldown is saved, and refused outside 0–365 with the value kept", async ({ page }) => {
  const workspaceId = await newWorkspace(page);
  await page.goto("/dashboard/settings/hosted-flow");
  const field = page.getByLabel("Offer cooldown (days)");
  await hydrated(field);
  await expect(field).toHaveValue("90");
  await field.fill("400");
  await page.getByRole("button", { name: "Save cooldown" }).click();
  await expect(field).toHaveAccessibleDescription("Enter a whole number of days from 0 to 365");
  await expect(field).toHaveValue("400");
  await field.fill("30");
  await page.getByRole("button", { name: "Save cooldown" }).click();
  await expect(page.getByTestId("offer-cooldown")).toHaveText("30 days");
  const [ws] = await sql<{ offerCooldownDays: number }>(
    `select "offerCooldownDays" from "Workspace" where id = $1`,
    [workspaceId],
  );
  expect(ws!.offerCooldownDays).toBe(30);
});
