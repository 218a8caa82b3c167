import { type Cookie, expect, type Page } from "@playwright/test";

type Mail = { to: string[]; subject: string; links: string[] };

/** The emails the app has sent to `to` (from the run's SMTP capture, see tests/helpers/mailbox.ts). */
export async function mailTo(to: string): Promise<Mail[]> {
  const base = process.env.E2E_MAILBOX_URL;
  if (!base) throw new Error("E2E_MAILBOX_URL is not set: run e2e tests through tests/e2e/run.ts");
  const res = await fetch(`${base}/?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

/** Waits for the newest email to `to` whose subject matches, and returns its first link. */
export async function linkFromMail(to: string, subject: RegExp): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mail = (await mailTo(to)).filter((m) => subject.test(m.subject)).at(-1);
      link = mail?.links[0];
      return link;
    })
    .toBeTruthy();
  return link!;
}

// Session cookies of users already signed in by this worker: the app limits magic links to five
// per address per 15 minutes (what a real user would hit too), so a test that signs the same user
// in again reuses their database session instead of asking for a sixth link.
const sessions = new Map<string, Cookie[]>();

/**
 * Waits until the page the user ends on has rendered. The dashboard streams (loading.tsx): a user
 * without a workspace is sent on to /dashboard/new by a client-side redirect after the skeleton's
 * first paint, which "networkidle" alone can report before it starts. Every page's own content has
 * a level-1 heading and the skeleton has none, so the heading means the redirect (if any) landed
 * and the caller's next goto is not cut off by it.
 */
async function settled(page: Page) {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible({ timeout: 20_000 });
  await page.waitForLoadState("networkidle");
}

/** Signs in through the real magic-link flow: the login form, the email, the link. */
export async function signIn(page: Page, email: string) {
  const saved = sessions.get(email);
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto("/dashboard");
    await settled(page);
    // Still signed in, unless a test signed this user out: then sign in again for real.
    if (!/\/login/.test(page.url())) return;
    sessions.delete(email);
  }
  const before = (await mailTo(email)).length;
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: /email me a sign-in link/i }).click();
  // Sending the email is part of the request: slow when the machine is busy with other runs.
  await expect(page).toHaveURL(/\/login\/check-email/, { timeout: 20_000 });
  await expect.poll(async () => (await mailTo(email)).length).toBeGreaterThan(before);
  const link = await linkFromMail(email, /sign-in link/i);
  await page.goto(link);
  await expect(page).toHaveURL(/\/dashboard/, { timeout: 20_000 });
  await settled(page);
  sessions.set(email, await page.context().cookies());
}

export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;

/**
 * Picks a workspace from the header's workspace menu. A click that lands before the menu has
 * hydrated opens nothing, so the button is clicked again until the menu shows the workspace.
 */
export async function pickWorkspace(page: Page, name: RegExp) {
  const item = page.getByRole("menuitemradio", { name });
  await expect(async () => {
    await page
      .getByRole("banner")
      .getByRole("button", { name: /^Workspace/ })
      .click();
    await expect(item).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await item.click();
}
