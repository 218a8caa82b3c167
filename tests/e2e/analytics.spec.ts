import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { pickWorkspace, signIn, uniqueEmail } from "./support/auth";

async function serious(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

test("the demo workspace shows retention health and advanced analytics with data", async ({ page }) => {
  await signIn(page, uniqueEmail("analyst"));
  // No workspace of their own yet: onboarding, with the demo one pick away in the workspace menu.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard\/new$/);
  await pickWorkspace(page, /Acme Analytics \(demo\)/);
  await expect(page.getByRole("heading", { level: 1, name: "Acme Analytics (demo)" })).toBeVisible();
  const health = page.getByRole("region", { name: "Retention health" });
  await expect(health.getByRole("term").filter({ hasText: /^Save rate$/ })).toBeVisible();
  // Beside it, the saves that lasted, saying what it counts.
  await expect(health.getByRole("term").filter({ hasText: "Validated save rate" })).toBeVisible();
  await expect(health.getByText(/Saves that lasted 30 days/)).toBeVisible();
  await expect(health.getByRole("table", { name: "Top cancellation reasons" }).getByRole("row")).toHaveCount(
    6,
  );
  await expect(page.getByRole("table", { name: "Weekly recovered, churned and save rate" })).toBeVisible();
  await expect(page.getByText(/sandbox events never count here/)).toBeVisible();
  expect(await serious(page)).toEqual([]);

  await page.getByRole("link", { name: "Analytics" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Offers/ }).getByRole("row")).not.toHaveCount(1);
  await expect(page.getByRole("table", { name: "Revenue cohorts (MRR)" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Lifecycle cohorts (tenure)" })).toBeVisible();
  // Why hosted sessions showed no offer: each reason a row, in words.
  const whyNoOffer = page.getByRole("table", { name: /Why hosted sessions showed no offer/ });
  await expect(whyNoOffer.getByRole("row")).toHaveCount(5);
  await expect(
    whyNoOffer.getByText("The customer accepted an offer within the workspace's cooldown."),
  ).toBeVisible();
  await expect(page.getByText(/validated save rate/)).toBeVisible();
  expect(await serious(page)).toEqual([]);

  // The CSV export streams the same period's prod events.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^retentbase-cancellations-prod-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toContain("eventId");
  expect(lines[0]).toContain("noOfferReason,experimentId,variant");
  expect(lines.length).toBeGreaterThan(100);
  expect(csv).not.toContain(",sandbox,");

  // A plan filter narrows every number.
  const total = await page.getByText(/cancellations · save rate/).textContent();
  await page.getByLabel("Customer plan").selectOption("business");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/plan=business/);
  expect(await page.getByText(/cancellations · save rate/).textContent()).not.toBe(total);
});

test("a new workspace shows calm empty states", async ({ page }) => {
  await signIn(page, uniqueEmail("fresh"));
  await page.goto("/dashboard/new");
  await page.getByLabel("Workspace name").fill("Empty Co");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByTestId("new-api-key").waitFor();
  await page.goto("/dashboard");
  await expect(page.getByText("No cancellations in this period")).toBeVisible();
  await expect(page.getByText("Get to a working integration")).toBeVisible();
  await page.goto("/dashboard/analytics");
  await expect(page.getByText("No events in this period").first()).toBeVisible();
  expect(await serious(page)).toEqual([]);
});
