// The compliance record in the dashboard, against the built app: a session walked through the real
// hosted flow shows its record on the session page (as the API has it), the sessions list exports
// it as CSV and JSON lines, and a Core workspace sees the Advanced upsell instead. Loopback only.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/auth";
import { type MerchantSite, startMerchantSite } from "./support/merchant";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
const cancelOrigin = `http://cancel.localhost:${port}`;

test.describe.configure({ mode: "default" });

let merchant: MerchantSite;
let merchantOrigin: string;

test.beforeAll(async () => {
  merchant = await startMerchantSite();
  merchantOrigin = merchant.origin;
  for (const path of ["/login", "/dashboard"]) await fetch(`${appOrigin}${path}`);
});

test.afterAll(async () => {
  await merchant?.close();
});

type Merchant = { key: string; id: string; name: string };

async function newMerchant(page: Page, prefix: string): Promise<Merchant> {
  await signIn(page, uniqueEmail(prefix));
  const name = `${prefix} ${randomBytes(3).toString("hex")}`;
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
  const { workspace } = (await res.json()) as { workspace: { id: string } };
  return { key, id: workspace.id, name };
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

type ExportedRecord = {
  sessionId: string;
  pages: { page: string; actions: string[] }[];
  clicksToConfirmation: number | null;
  receipt: { id: string } | null;
  resultToken: { issued: boolean };
};

/**
 * A standard-mode cancellation walked on the cancel host: a reason without an offer, continue,
 * confirm; then the receipt page's return link when there is one. The clicks counted by hand.
 */
async function walkHostedFlow(page: Page, m: Merchant, userId: string) {
  const link = (await api(m, "POST", "/api/v1/cancel-link", { userId })) as {
    url: string;
    session_id: string;
  };
  expect(link.url.startsWith(`${cancelOrigin}/s/`)).toBe(true);
  await page.goto(link.url);
  await page.getByRole("radio", { name: "I'm not using it enough" }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  // The final button leads to the receipt page (or, before it existed, straight back to the merchant).
  await expect(async () => {
    const back = page.getByRole("link", { name: /^Return to/ });
    if (new URL(page.url()).origin !== merchantOrigin && (await back.count())) await back.first().click();
    expect(new URL(page.url()).origin).toBe(merchantOrigin);
  }).toPass({ timeout: 20_000 });
  return { sessionId: link.session_id, clicks: 2 };
}

async function expectNoSeriousAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes[0]?.target}`)).toEqual([]);
}

/** The row of the session page's "Compliance record" definition list with this label. */
const detail = (page: Page, label: string) =>
  page
    .getByRole("region", { name: "Compliance record" })
    .locator("dl > div")
    .filter({ has: page.getByRole("term").getByText(label, { exact: true }) })
    .getByRole("definition");

test("a walked session's compliance record on its page, and exported from the sessions list", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const m = await newMerchant(page, "compliance");
  const walked = await walkHostedFlow(page, m, "cus_compliance");
  const diagnostics = (await api(m, "GET", `/api/v1/cancel-sessions/${walked.sessionId}`)) as {
    compliance: ExportedRecord;
  };
  const record = diagnostics.compliance;
  expect(record).toMatchObject({
    sessionId: walked.sessionId,
    mode: "standard",
    jurisdiction: null,
    intent: "cancel",
    offer: { shown: false, noOfferReason: "no_match" },
  });
  // Recorded page views and clicks (when the flow records them): landing → receipt in 2 clicks.
  if (record.pages.length) {
    expect(record.pages[0]!.page).toBe("reason");
    expect(record.clicksToConfirmation).toBe(walked.clicks);
  }

  await page.goto(`/dashboard/sessions/${walked.sessionId}`);
  const section = page.getByRole("region", { name: "Compliance record" });
  await expect(section.getByRole("heading", { name: "Compliance record" })).toBeVisible();
  await expect(detail(page, "Jurisdiction")).toHaveText("Unknown: no customer country sent");
  await expect(detail(page, "Mode")).toContainText("Standard");
  await expect(detail(page, "Mode")).toContainText("(standard)");
  await expect(detail(page, "Language")).toHaveText("en");
  await expect(detail(page, "Intent")).toHaveText("Cancellation");
  await expect(detail(page, "Offer")).toContainText("Not shown");
  await expect(detail(page, "Offer")).toContainText("No offer matches this reason and customer.");
  await expect(detail(page, "Confirmed")).toContainText(/\d{2}:\d{2}:\d{2}/);
  await expect(detail(page, "Result token")).toContainText(
    record.resultToken.issued ? "Issued" : "Not issued",
  );
  if (record.clicksToConfirmation !== null) {
    await expect(detail(page, "Clicks to confirmation")).toHaveText(
      `${record.clicksToConfirmation} clicks from landing to the receipt page`,
    );
  }
  if (record.receipt) await expect(detail(page, "Receipt")).toContainText(record.receipt.id);
  if (record.pages.length) {
    const pages = section.getByRole("table", { name: "Pages shown to the customer" });
    await expect(pages.getByRole("row")).toHaveCount(record.pages.length + 1);
    await expect(pages.getByRole("row").nth(1)).toContainText("Reason");
    await expect(pages.getByRole("row").nth(1)).toContainText("Choose a reason, Cancel now");
    await expect(pages.getByRole("row").last()).toContainText("Receipt");
    // The timeline says each page and click in words too.
    const steps = page.getByRole("list", { name: "Session timeline" });
    await expect(steps).toContainText("Page shown: Reason");
    await expect(steps).toContainText("Customer clicked");
  } else {
    await expect(section).toContainText("No page views recorded for this session");
  }
  await expectNoSeriousAxeViolations(page, "session compliance record");

  // The export: the last 30 days by default, CSV, downloaded without leaving the page.
  await page.goto("/dashboard/sessions");
  const form = page.getByRole("region", { name: "Export compliance records" });
  await expect(form.getByLabel("From")).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await form.getByLabel("CSV").check();
  const [csv] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download compliance records" }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(
    /^retentbase-compliance-prod-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const text = readFileSync((await csv.path())!, "utf8");
  const [header, ...rows] = text.trimEnd().split("\r\n");
  expect(header).toMatch(/^sessionId,environment,createdAt,jurisdiction,mode,locale,intent,pageCount,pages,/);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain(walked.sessionId);
  expect(rows[0]).toContain(",standard,en,cancel,");
  await expect(page).toHaveURL(/\/dashboard\/sessions$/);

  await form.getByLabel("JSON lines").check();
  const [lines] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download compliance records" }).click(),
  ]);
  expect(lines.suggestedFilename()).toMatch(/\.jsonl$/);
  const exported = readFileSync((await lines.path())!, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as ExportedRecord);
  const now = (await api(m, "GET", `/api/v1/cancel-sessions/${walked.sessionId}`)) as {
    compliance: ExportedRecord;
  };
  expect(exported).toEqual([now.compliance]);

  // A From after To goes back to the form, which says what to fix.
  await form.getByLabel("From").fill("2026-11-10");
  await form.getByLabel("To").fill("2026-11-01");
  await form.getByRole("button", { name: "Download compliance records" }).click();
  await expect(page).toHaveURL(/export_error=order/);
  await expect(form.getByRole("alert")).toHaveText("From must be on or before To, and not in the future.");
  await expectNoSeriousAxeViolations(page, "sessions with the export form");

  // On a phone: the record and the export form fit the screen (the pages table scrolls in its card).
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of [`/dashboard/sessions/${walked.sessionId}`, "/dashboard/sessions"]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // A Core workspace sees the Advanced upsell instead, and the download answers 403.
  await sql(`update "Workspace" set plan = 'core' where id = $1`, [m.id]);
  await page.goto("/dashboard/sessions");
  await expect(
    page.getByRole("heading", { name: "Compliance record export comes with the Advanced plan" }),
  ).toBeVisible();
  await expect(page.getByRole("region", { name: "Export compliance records" })).toHaveCount(0);
  const refused = await page.request.get("/dashboard/sessions/compliance-export?from=2026-11-01");
  expect(refused.status()).toBe(403);
});

test("a German customer's §312k cancellation: one click, the receipt emailed with its message id", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const m = await newMerchant(page, "compliance-de");
  const email = uniqueEmail("kunde");
  const link = (await api(m, "POST", "/api/v1/cancel-link", {
    userId: "cus_de",
    locale: "de",
    customer: { country: "DE", email, name: "Erika Mustermann" },
    subscription: { description: "Pro, monatlich", reference: "A-1001" },
  })) as { url: string; session_id: string; compliance_mode: string };
  expect(link.compliance_mode).toBe("de_312k");
  await page.goto(link.url);
  await page.getByRole("button", { name: "Jetzt kündigen" }).click();
  // The receipt is emailed at once (finished in the background when the mail server is slow).
  type Emailed = ExportedRecord & { receipt: { messageId: string | null } | null };
  let record: Emailed | undefined;
  await expect
    .poll(
      async () => {
        const d = (await api(m, "GET", `/api/v1/cancel-sessions/${link.session_id}`)) as {
          compliance: Emailed;
        };
        record = d.compliance;
        return record.receipt?.messageId ?? null;
      },
      { timeout: 20_000 },
    )
    .toBeTruthy();
  if (!record) throw new Error("no record");
  expect(record).toMatchObject({ clicksToConfirmation: 1, offer: { shown: false } });

  await page.goto(`/dashboard/sessions/${link.session_id}`);
  await expect(detail(page, "Jurisdiction")).toHaveText("DE");
  await expect(detail(page, "Mode")).toContainText("§312k BGB");
  await expect(detail(page, "Language")).toHaveText("de");
  await expect(detail(page, "Clicks to confirmation")).toHaveText("1 click from landing to the receipt page");
  await expect(detail(page, "Receipt")).toContainText(record.receipt!.messageId!);
  await expect(detail(page, "Receipt")).toContainText("Emailed");
  await expect(page.getByRole("list", { name: "Session timeline" })).toContainText(
    "Receipt emailed to the customer",
  );
});
