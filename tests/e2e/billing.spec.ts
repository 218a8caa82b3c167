import { expect, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/auth";

const control = (action: string) =>
  fetch(`${process.env.E2E_STRIPE_URL}/_control/${action}`, { method: "POST" });

test("billing: trial → checkout → paid → payment failed banner → lapsed read-only → renewed", async ({
  page,
}) => {
  test.slow();
  await signIn(page, uniqueEmail("billing"));
  await page.goto("/dashboard/new");
  await page.getByLabel("Workspace name").fill("Billing Co");
  await page.getByRole("button", { name: "Create workspace" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";

  await page.goto("/dashboard/billing");
  await expect(page.getByTestId("billing-status")).toContainText(/Trial of every feature until/);

  await page.getByRole("button", { name: "Choose Core" }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/dashboard\/billing\?checkout=success/);
  await expect(page.getByRole("status").filter({ hasText: "Thanks!" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Core plan" })).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(page.getByTestId("billing-status")).toContainText(/Renews on/);

  // Core: the custom API is now plan-gated, cancel links work.
  const api = (path: string, body: object) =>
    page.request.post(path, {
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      data: body,
    });
  expect((await api("/api/v1/cancellations", { eventId: "e1", reasonKey: "other" })).status()).toBe(403);

  await control("fail-payment");
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/The last payment failed/).first()).toBeVisible({ timeout: 1000 });
  }).toPass();

  await control("cancel");
  await expect(async () => {
    await page.goto("/dashboard");
    await expect(page.getByRole("alert").filter({ hasText: /read-only/ })).toBeVisible({ timeout: 1000 });
  }).toPass();
  const refused = await api("/api/v1/cancel-link", { userId: "u1", returnUrl: "http://localhost:4010/x" });
  expect(refused.status()).toBe(402);
  expect(
    (await page.request.get("/api/v1/workspace", { headers: { authorization: `Bearer ${key}` } })).status(),
  ).toBe(200);

  // Renew through checkout again.
  await page.goto("/dashboard/billing");
  await page.getByRole("button", { name: "Choose Advanced" }).click();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Advanced plan" })).toBeVisible({ timeout: 1000 });
  }).toPass();
  expect((await api("/api/v1/cancellations", { eventId: "e2", reasonKey: "other" })).status()).toBe(201);
});
