// The dashboard's look where a user notices it: the phone header and navigation, the workspace
// menu (keyboard), the period filter, and the charts (nice ticks, the unfinished week marked as
// partial). Everything talks to loopback only.
import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/auth";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;

test.describe.configure({ mode: "default" });

type Merchant = { key: string; name: string };

/** Creates a workspace through onboarding, as a user would, and returns its first API key. */
async function createWorkspace(page: Page, prefix: string): Promise<Merchant> {
  const name = `${prefix} ${randomBytes(3).toString("hex")}`;
  await expect(async () => {
    await page.goto("/dashboard/new");
    await expect(page.getByLabel("Workspace name")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
  expect(key).toMatch(/^rb_live_/);
  return { key, name };
}

async function newMerchant(page: Page, prefix: string): Promise<Merchant> {
  await signIn(page, uniqueEmail(prefix));
  const m = await createWorkspace(page, prefix);
  await page.getByRole("link", { name: /continue to the dashboard/i }).click();
  await expect(page.getByRole("heading", { level: 1, name: m.name })).toBeVisible();
  return m;
}

/** `n` prod cancellations for `reasonKey`, recorded through the API (this week: the unfinished one). */
async function record(m: Merchant, reasonKey: string, n: number, outcome?: "recovered" | "churned") {
  for (let i = 0; i < n; i++) {
    const eventId = `evt_${reasonKey}_${i}_${randomBytes(3).toString("hex")}`;
    const res = await fetch(`${appOrigin}/api/v1/cancellations`, {
      method: "POST",
      headers: { authorization: `Bearer ${m.key}`, "content-type": "application/json" },
      body: JSON.stringify({ eventId, userId: `cus_${i}`, reasonKey, context: { plan: "pro", mrr: 20 } }),
    });
    expect(res.status).toBe(201);
    if (outcome) {
      const patched = await fetch(`${appOrigin}/api/v1/cancellations/${eventId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${m.key}`, "content-type": "application/json" },
        body: JSON.stringify({ outcome }),
      });
      expect(patched.status).toBe(200);
    }
  }
}

const box = async (page: Page, selector: string) => {
  const b = await page.locator(selector).first().boundingBox();
  expect(b, selector).not.toBeNull();
  return b!;
};

/** The box of an element's text itself (cells are wider than what they show). */
async function textBox(locator: ReturnType<Page["locator"]>) {
  return locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const r = range.getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
}

test("on a phone the header is one row, every nav link is reachable, and Top reasons' numbers stay apart", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const m = await newMerchant(page, "phone");
  // Long reason labels take the room a phone has: the numbers' columns must keep theirs.
  await record(m, "missing_features", 104);
  await record(m, "switching_competitor", 8);
  await page.goto("/dashboard");

  // Top reasons: "104" and "92.9%" are two numbers with room between them, not "10492.9%".
  const table = page.getByRole("table", { name: "Top cancellation reasons" });
  const row = table.getByRole("row", { name: /missing features/i });
  await expect(row.getByRole("cell").nth(0)).toHaveText("104");
  await expect(row.getByRole("cell").nth(1)).toHaveText("92.9%");
  const events = await textBox(row.getByRole("cell").nth(0));
  const share = await textBox(row.getByRole("cell").nth(1));
  expect(share.left - events.right).toBeGreaterThanOrEqual(12);
  const tableBox = await box(page, "table");
  expect(tableBox.x + tableBox.width).toBeLessThanOrEqual(390);

  // One row: the brand, the workspace menu and Sign out sit side by side.
  const banner = page.getByRole("banner");
  const home = (await banner.getByRole("link", { name: "RetentBase" }).boundingBox())!;
  const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
  const signOut = (await banner.getByRole("button", { name: "Sign out" }).boundingBox())!;
  expect(Math.abs(middle(signOut) - middle(home))).toBeLessThan(8);
  expect(signOut.height).toBeLessThanOrEqual(44);
  const workspace = (await banner.getByRole("button", { name: /^Workspace/ }).boundingBox())!;
  expect(Math.abs(middle(workspace) - middle(home))).toBeLessThan(8);

  // The nav is one scrolling row that says it scrolls (a fade at the cut edge), and every link can be reached.
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  const links = nav.getByRole("link");
  expect(await links.count()).toBe(8);
  const tops = new Set<number>();
  for (const l of await links.all()) tops.add(Math.round((await l.boundingBox())!.y));
  expect(tops.size).toBe(1);
  await expect(nav.getByTestId("scroll-fade-end")).toBeVisible();
  const billing = nav.getByRole("link", { name: "Billing" });
  await billing.scrollIntoViewIfNeeded();
  const b = (await billing.boundingBox())!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(390);
  await billing.click();
  await expect(page).toHaveURL(/\/dashboard\/billing$/);
  await page.goto("/dashboard/settings");
  const tabs = page.getByRole("navigation", { name: /settings/i });
  await expect(tabs.getByTestId("scroll-fade-end")).toBeVisible();
});

test("the workspace menu works from the keyboard and shows a new workspace right after it is created", async ({
  page,
}) => {
  const first = await newMerchant(page, "menu");
  const second = await createWorkspace(page, "menu-two");
  const banner = page.getByRole("banner");
  // Right after creating it, before leaving the page: the header already names the new workspace.
  const button = banner.getByRole("button", { name: /^Workspace/ });
  await expect(button).toContainText(second.name);
  await page.getByRole("link", { name: /continue to the dashboard/i }).click();
  await expect(page.getByRole("heading", { level: 1, name: second.name })).toBeVisible();
  await expect(button).toContainText(second.name);
  await expect(button).toHaveAttribute("aria-haspopup", "menu");
  await expect(button).toHaveAttribute("aria-expanded", "false");

  // Enter opens the menu on the current workspace; arrows move; Escape closes and returns focus.
  await button.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");
  const current = menu.getByRole("menuitemradio", { name: new RegExp(second.name) });
  await expect(current).toBeFocused();
  await expect(current).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();

  // ArrowDown opens it too; Home goes to the first item; Space picks it.
  await page.keyboard.press("ArrowDown");
  await expect(menu).toBeVisible();
  await page.keyboard.press("Home");
  const items = menu.getByRole("menuitemradio");
  await expect(items.first()).toBeFocused();
  const names = await items.allTextContents();
  expect(names.some((n) => n.includes(first.name))).toBe(true);
  expect(names.some((n) => /demo/i.test(n))).toBe(true);
  // Walk with ArrowDown to the first workspace and press Enter.
  for (let i = 0; i < names.length; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent ?? "")).includes(first.name)) break;
    await page.keyboard.press("ArrowDown");
  }
  await expect(menu.getByRole("menuitemradio", { name: new RegExp(first.name) })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: first.name })).toBeVisible();
  await expect(button).toContainText(first.name);
});

test("the period filter is a segmented control; From and To show only for Custom, as ISO dates", async ({
  page,
}) => {
  await newMerchant(page, "period");
  const period = page.getByRole("radiogroup", { name: "Period" });
  await expect(period.getByRole("radio", { name: "12 weeks" })).toBeChecked();
  await expect(page.getByLabel("From", { exact: true })).toBeHidden();
  await expect(page.getByLabel("To", { exact: true })).toBeHidden();

  await period.getByText("4 weeks", { exact: true }).click();
  await expect(page).toHaveURL(/range=4w/);
  await expect(
    page.getByRole("radiogroup", { name: "Period" }).getByRole("radio", { name: "4 weeks" }),
  ).toBeChecked();

  await page.getByRole("radiogroup", { name: "Period" }).getByText("Custom", { exact: true }).click();
  await expect(page.getByLabel("From", { exact: true })).toBeVisible();
  await page.getByLabel("From", { exact: true }).fill("2026-01-05");
  await page.getByLabel("To", { exact: true }).fill("2026-02-01");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2026-01-05&to=2026-02-01/);
  await expect(
    page.getByRole("radiogroup", { name: "Period" }).getByRole("radio", { name: "Custom" }),
  ).toBeChecked();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2026-01-05");
  await expect(page.getByText("2026-01-05 – 2026-02-01")).toBeVisible();
});

test("the trend chart uses nice ticks and marks the unfinished week as partial", async ({ page }) => {
  test.setTimeout(120_000);
  const m = await newMerchant(page, "chart");
  await record(m, "too_expensive", 70, "churned");
  await record(m, "other", 35, "recovered");
  await page.goto("/dashboard");
  // The overview's one chart is the trend; its left axis counts customers.
  const axis = page
    .locator(".recharts-yAxis-tick-labels")
    .first()
    .locator(".recharts-cartesian-axis-tick-value");
  await expect(axis.first()).toBeVisible();
  const ticks = (await axis.allTextContents()).map(Number);
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  const step = ticks[1]! - ticks[0]!;
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  expect([1, 2, 5]).toContain(mantissa);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(step);

  const trend = page.getByRole("region", { name: "12-week trend" });
  await expect(trend.getByText("This week so far", { exact: true })).toBeVisible();
  await expect(trend.getByRole("row", { name: /partial/i })).toHaveCount(1);

  // A period that ended long ago has no unfinished week.
  await page.goto("/dashboard?from=2020-01-06&to=2020-03-29");
  await expect(page.getByText("This week so far", { exact: true })).toHaveCount(0);
});
