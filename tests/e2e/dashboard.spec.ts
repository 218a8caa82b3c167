import { expect, test } from "@playwright/test";
import { linkFromMail, signIn, uniqueEmail } from "./support/auth";

test("a new merchant signs in by email link, creates a workspace and gets a key once", async ({ page }) => {
  const email = uniqueEmail("owner");
  await signIn(page, email);
  await page.goto("/dashboard/new");
  await page.getByLabel("Workspace name").fill("Acme E2E");
  await page.getByLabel(/Return URL/).fill("http://localhost:4010/account");
  await page.getByRole("button", { name: "Create workspace" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^rb_live_/);

  const res = await page.request.get("/api/v1/workspace", { headers: { authorization: `Bearer ${key}` } });
  expect((await res.json()).workspace.name).toBe("Acme E2E");

  await page.getByRole("link", { name: /continue to the dashboard/i }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Acme E2E" })).toBeVisible();
  // The key is never shown again.
  await page.goto("/dashboard/settings/api");
  await expect(page.getByText(key)).toHaveCount(0);
});

test("a used sign-in link does not work twice", async ({ page, browser }) => {
  const email = uniqueEmail("once");
  await signIn(page, email);
  const link = await linkFromMail(email, /sign-in link/i);
  const other = await browser.newPage();
  await other.goto(link);
  await expect(other).toHaveURL(/\/login\?error=Verification/);
  await expect(other.getByText(/expired or was already used/)).toBeVisible();
});

test("the dashboard needs a signed-in user, and sends them back where they were going", async ({ page }) => {
  await page.goto("/dashboard/settings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fsettings/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);
});
