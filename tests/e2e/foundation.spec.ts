import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { rb } from "../helpers/run-script";

const port = Number(process.env.E2E_PORT ?? 3100);
const cancelOrigin = `http://cancel.localhost:${port}`;

test.describe("app host", () => {
  test("the home page says what RetentBase is and leads to sign-in", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("body")).toContainText(/cancellation/i);
    await page
      .getByRole("link", { name: /sign in/i })
      .first()
      .click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to RetentBase" })).toBeVisible();
  });

  test("home and login pass an axe scan", async ({ page }) => {
    for (const path of ["/", "/login"]) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${path}: ${v.id} (${v.impact})`)).toEqual([]);
    }
  });

  test("the hosted-flow paths are 404 on the app host", async ({ page }) => {
    const res = await page.goto("/s/some-token");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});

test.describe("cancel host", () => {
  test("serves the hosted flow, marked noindex", async ({ page }) => {
    // An unknown link gets the flow's own explanation (404); hosted-flow.spec.ts walks real links.
    const res = await page.goto(`${cancelOrigin}/s/some-token`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This link has expired or isn't valid" })).toBeVisible();
    expect(res?.headers()["x-robots-tag"]).toMatch(/noindex/);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  });

  test("serves nothing but the hosted flow", async ({ page }) => {
    // Its root is the page saying what the host serves (hosted-flow.spec.ts), not the app's home.
    for (const path of ["/login", "/dashboard", "/api/health"]) {
      const res = await page.goto(`${cancelOrigin}${path}`);
      expect(res?.status(), path).toBe(404);
    }
  });
});

test.describe("API against the built app", () => {
  test("health answers, shallow and deep", async ({ request }) => {
    const shallow = await request.get("/api/health");
    expect(shallow.status()).toBe(200);
    expect(await shallow.json()).toMatchObject({ status: "ok" });
    expect(shallow.headers()["x-request-id"]).toBeTruthy();

    const deep = await request.get("/api/health", {
      headers: { authorization: `Bearer ${process.env.HEALTH_TOKEN}` },
    });
    expect(deep.status()).toBe(200);
    expect((await deep.json()).checks.database.status).toBe("ok");

    const wrong = await request.get("/api/health", {
      headers: { authorization: "Bearer nope-nope-nope-nope" },
    });
    expect(wrong.status()).toBe(401);
  });

  test("a key from the CLI authenticates against the API", async ({ request }) => {
    const created = await rb("workspace", "create", "--name", "E2E Co", "--plan", "core", "--json");
    expect(created.code, created.stderr).toBe(0);
    const { workspace, apiKey } = JSON.parse(created.stdout);

    const res = await request.get("/api/v1/workspace", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status()).toBe(200);
    expect((await res.json()).workspace).toMatchObject({ id: workspace.id, name: "E2E Co", plan: "core" });

    const missing = await request.get("/api/v1/workspace");
    expect(missing.status()).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});
