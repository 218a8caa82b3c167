// Receipts as the customer and the merchant see them, in Chromium against the built app: the
// receipt page, the PDF downloaded from its link and parsed back (the same bytes every time), the
// confirmation email caught by the run's SMTP server (in the customer's language, the PDF attached,
// its Message-ID the one the compliance record names, sent once), withdrawals in click_to_cancel
// and fr_3_clicks, and a customer without an email address (a receipt, and no email).
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { expect, type Page, test } from "@playwright/test";
import { jwtVerify } from "jose";
import { extractText, getDocumentProxy } from "unpdf";
import {
  type CliWorkspace,
  createCliWorkspace,
  type MerchantSite,
  startMerchantSite,
} from "./support/merchant";
import { sql } from "./support/sql";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
const cancelOrigin = `http://cancel.localhost:${port}`;
const PDF = "application/pdf";

let merchant: MerchantSite;
let merchantOrigin: string;
let ws: CliWorkspace;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  merchant = await startMerchantSite();
  merchantOrigin = merchant.origin;
  // Umlauts and an ampersand in the merchant's name: the page, the PDF and the email print them.
  ws = await createCliWorkspace({
    prefix: "Müller & Söhne",
    plan: "advanced",
    returnUrl: `${merchantOrigin}/account`,
  });
});

test.afterAll(async () => {
  await merchant?.close();
});

type Link = { url: string; session_id: string; locale: string; compliance_mode: string; token: string };

async function createLink(body: Record<string, unknown>): Promise<Link & { userId: string }> {
  const userId = `cus_${randomBytes(4).toString("hex")}`;
  const res = await fetch(`${appOrigin}/api/v1/cancel-link`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.apiKey}` },
    body: JSON.stringify({ userId, ...body }),
  });
  expect(res.status).toBe(200);
  const link = await res.json();
  return { ...link, userId, token: link.url.split("/s/")[1] };
}

type ComplianceReceipt = {
  id: string;
  emailed: boolean;
  emailedAt: string | null;
  messageId: string | null;
} | null;

/** The session's compliance record, as the merchant reads it from the API. */
async function complianceOf(sessionId: string) {
  const res = await fetch(`${appOrigin}/api/v1/cancel-sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${ws.apiKey}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    compliance: {
      sessionId: string;
      mode: string;
      locale: string;
      intent: string;
      receipt: ComplianceReceipt;
    };
  };
  return body.compliance;
}

type Mail = {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: {
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    contentBase64: string;
  }[];
};

/** What the run's SMTP server caught (tests/helpers/mailbox.ts): to `to`, or every message. */
async function mailbox(to?: string): Promise<Mail[]> {
  const base = process.env.E2E_MAILBOX_URL;
  if (!base) throw new Error("E2E_MAILBOX_URL is not set: run e2e tests through tests/e2e/run.ts");
  const res = await fetch(to ? `${base}/?to=${encodeURIComponent(to)}` : `${base}/`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

/** The one email to `to`, once it has arrived. */
async function onlyMailTo(to: string): Promise<Mail> {
  await expect.poll(async () => (await mailbox(to)).length).toBe(1);
  return (await mailbox(to))[0]!;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const flat = (s: string) => s.replace(/[\s\u202f\u00a0]+/g, " ").trim();

/**
 * GET on the cancel host from Node (which does not resolve cancel.localhost as Chromium does): to
 * 127.0.0.1 with the cancel host's name in Host.
 */
function getOnCancelHost(href: string) {
  const url = new URL(href);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path: `${url.pathname}${url.search}`, headers: { host: url.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end();
    },
  );
}

/** A PDF's text, whitespace collapsed. */
async function pdfText(bytes: Uint8Array) {
  expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(doc, { mergePages: true });
  return flat(text);
}

/** The receipt's label/value lines as the receipt page shows them. */
async function receiptLines(page: Page, title: string) {
  const receipt = page.getByRole("region", { name: title });
  await expect(receipt).toBeVisible();
  const rows = receipt.locator("dl > div");
  const lines: Record<string, string> = {};
  for (const row of await rows.all()) {
    const [dt, dd] = await Promise.all([row.locator("dt").textContent(), row.locator("dd").textContent()]);
    lines[flat(dt ?? "")] = flat(dd ?? "");
  }
  return lines;
}

/** The PDF through the page's download link (a real download), and its href. */
async function downloadReceipt(page: Page, linkName: string, link: Link) {
  const anchor = page.getByRole("link", { name: linkName });
  await expect(anchor).toHaveAttribute("href", `/s/${link.token}/receipt.pdf`);
  const [download] = await Promise.all([page.waitForEvent("download"), anchor.click()]);
  expect(download.suggestedFilename()).toBe(`receipt-${link.session_id}.pdf`);
  const bytes = new Uint8Array(await readFile((await download.path())!));
  return { bytes, href: new URL((await anchor.getAttribute("href"))!, page.url()).toString() };
}

/** "Return to <merchant>": the merchant's page opens with a result token; its verified payload. */
async function returnWithToken(page: Page, linkName: string) {
  await page.getByRole("link", { name: linkName }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const url = new URL(page.url());
  expect(`${url.origin}${url.pathname}`).toBe(`${merchantOrigin}/account`);
  const token = new URLSearchParams(url.hash.slice(1)).get("ci_result_token");
  expect(token).toBeTruthy();
  const { payload } = await jwtVerify(token!, new TextEncoder().encode(ws.signingSecret), {
    algorithms: ["HS256"],
    issuer: "retentbase",
    audience: ws.key,
  });
  return payload;
}

test("§312k (DE, German): “Jetzt kündigen”, the receipt page, its PDF parsed back, one German email with the PDF and the recorded Message-ID", async ({
  page,
}) => {
  const email = `juergen-${randomBytes(4).toString("hex")}@example.com`;
  const reference = `ABO-${randomBytes(2).toString("hex")}`;
  const description = "Jahres-Abo „Bücher & Hörspiele“";
  const link = await createLink({
    locale: "de",
    customer: { country: "DE", email, name: "Jürgen Weiß" },
    subscription: { reference, description, endsAt: "2030-06-30T12:00:00Z" },
  });
  expect(link).toMatchObject({ compliance_mode: "de_312k", locale: "de" });

  await page.goto(link.url);
  await expect(page.getByRole("heading", { level: 1, name: "Vertrag kündigen" })).toBeVisible();
  await expect(page.getByText(`${description} (${reference})`)).toBeVisible();
  await expect(page.getByLabel("Ihr Name")).toHaveValue("Jürgen Weiß");
  await expect(page.getByLabel("E-Mail-Adresse für die Bestätigung")).toHaveValue(email);
  const button = page.getByRole("button", { name: "Jetzt kündigen" });
  // What the browser posts with the button: posted again below, as a resubmitting browser would.
  const posted = await button.evaluate((b) => {
    const form = (b as HTMLButtonElement).form!;
    const fields = [...new FormData(form, b as HTMLButtonElement)].map(([k, v]) => [k, String(v)]);
    // (Not form.action: the form's input named "action" shadows it.)
    const action = new URL(form.getAttribute("action") ?? "", document.baseURI).href;
    return { action, fields: Object.fromEntries(fields) as Record<string, string> };
  });
  expect(posted.action).toBe(`${cancelOrigin}/s/${link.token}/submit`);
  expect(posted.fields).toMatchObject({ action: "confirm", email });
  await button.click();

  // The receipt page.
  await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("heading", { level: 1, name: "Ihre Kündigung ist eingegangen" })).toBeVisible();
  const lines = await receiptLines(page, "Kündigungsbestätigung");
  expect(lines).toMatchObject({
    Referenz: link.session_id,
    Anbieter: ws.name,
    Kunde: `Jürgen Weiß (${link.userId})`,
    Vertrag: `${description} (${reference})`,
    "Art der Erklärung": "Ordentliche Kündigung",
    "Wirksam zum": "30. Juni 2030",
    Kündigungsverfahren: "Deutschland (§312k BGB)",
  });
  expect(lines["Erklärung eingegangen"]).toMatch(/^\d{1,2}\. \p{L}+ \d{4} um \d{2}:\d{2} UTC$/u);

  // The PDF, downloaded from the page's link and parsed back: what the page says, in German.
  const { bytes, href } = await downloadReceipt(page, "Bestätigung herunterladen (PDF)", link);
  const text = await pdfText(bytes);
  expect(text).toContain("Kündigungsbestätigung");
  for (const [label, value] of Object.entries(lines)) {
    expect(text, label).toContain(label);
    expect(text, label).toContain(value);
  }
  expect(text).toContain(`Referenz: ${link.session_id}`);
  expect(text).toContain(`Diese Bestätigung belegt, dass ${ws.name} Ihre Erklärung`);
  // Downloaded again, and fetched: the very same bytes.
  const second = await downloadReceipt(page, "Bestätigung herunterladen (PDF)", link);
  expect(sha256(second.bytes)).toBe(sha256(bytes));
  const again = await getOnCancelHost(href);
  expect(again.status).toBe(200);
  expect(again.headers["content-type"]).toBe(PDF);
  expect(again.headers["content-disposition"]).toBe(`attachment; filename="receipt-${link.session_id}.pdf"`);
  expect(sha256(again.body)).toBe(sha256(bytes));

  // The email: one, German, the same PDF attached, its Message-ID the compliance record's.
  const mail = await onlyMailTo(email);
  expect(mail.to).toEqual([email]);
  expect(mail.subject).toBe(`Ihre Kündigungsbestätigung von ${ws.name}`);
  expect(mail.text).toContain("Guten Tag Jürgen Weiß,");
  expect(mail.text).toContain(`${ws.name} hat Ihre Kündigung erhalten.`);
  expect(mail.text).toContain(`Referenz: ${link.session_id}`);
  expect(mail.attachments).toHaveLength(1);
  const [attached] = mail.attachments;
  expect(attached).toMatchObject({ filename: `receipt-${link.session_id}.pdf`, contentType: PDF });
  expect(attached!.sha256).toBe(sha256(bytes));
  const attachedText = await pdfText(new Uint8Array(Buffer.from(attached!.contentBase64, "base64")));
  expect(attachedText).toContain(`Referenz: ${link.session_id}`);
  const record = await complianceOf(link.session_id);
  expect(record).toMatchObject({ mode: "de_312k", locale: "de", intent: "cancel" });
  expect(record.receipt).toMatchObject({ emailed: true });
  expect(record.receipt!.messageId).toBe(`<${record.receipt!.id}@cancel.localhost>`);
  expect(mail.messageId).toBe(record.receipt!.messageId);

  // Reloading the receipt page, and the browser posting the form again, send nothing more.
  const done = page.getByRole("heading", { level: 1, name: "Ihre Kündigung ist eingegangen" });
  await page.reload();
  await expect(done).toBeVisible();
  const repost = page.waitForResponse((r) => r.request().method() === "POST" && r.url() === posted.action);
  await page.evaluate(
    ({ action, fields }) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = action;
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { action: posted.action, fields: posted.fields },
  );
  // Post/redirect/get: the repeated confirmation lands on the receipt page again.
  expect((await repost).status()).toBe(303);
  await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
  await expect(done).toBeVisible();
  await page.reload();
  await expect(done).toBeVisible();
  const [entries] = await sql<{ emailed: number }>(
    `select count(*)::int as emailed from "CancelSession", jsonb_array_elements(timeline) e
     where id = $1 and e->>'step' = 'receipt_emailed'`,
    [link.session_id],
  );
  expect(entries?.emailed).toBe(1);
  expect(await mailbox(email)).toHaveLength(1);
  expect((await complianceOf(link.session_id)).receipt).toEqual(record.receipt);
  expect(sha256((await getOnCancelHost(href)).body)).toBe(sha256(bytes));
});

test("a withdrawal in click_to_cancel (US-CA): recap → confirm → receipt; the return's token says withdrawal, churned; an English email", async ({
  page,
}) => {
  const email = `casey-${randomBytes(4).toString("hex")}@example.com`;
  const link = await createLink({
    intent: "withdrawal",
    customer: { country: "US", region: "CA", email, name: "Casey Jones" },
    subscription: { description: "Pro yearly" },
  });
  expect(link.compliance_mode).toBe("click_to_cancel");
  await page.goto(link.url);
  await expect(page.getByRole("heading", { level: 1, name: "Withdraw from your contract" })).toBeVisible();
  await expect(page.getByText("Pro yearly")).toBeVisible();
  await page.getByRole("button", { name: "Withdraw from contract" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your withdrawal" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm withdrawal" }).click();
  await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
  await expect(page.getByRole("heading", { level: 1, name: "Your withdrawal is confirmed" })).toBeVisible();
  const lines = await receiptLines(page, "Withdrawal receipt");
  expect(lines).toMatchObject({
    Reference: link.session_id,
    Merchant: ws.name,
    Customer: `Casey Jones (${link.userId})`,
    Contract: "Pro yearly",
    "Type of request": "Withdrawal from the contract",
    "Takes effect": "At the next possible date",
    "Cancellation procedure": "Click to cancel",
  });

  const { bytes } = await downloadReceipt(page, "Download receipt (PDF)", link);
  const text = await pdfText(bytes);
  expect(text).toContain("Withdrawal receipt");
  expect(text).toContain(`Reference: ${link.session_id}`);

  const mail = await onlyMailTo(email);
  expect(mail.subject).toBe(`Your withdrawal receipt from ${ws.name}`);
  expect(mail.text).toContain(`${ws.name} received your withdrawal from the contract.`);
  expect(mail.attachments.map((a) => a.sha256)).toEqual([sha256(bytes)]);
  expect(mail.messageId).toBe((await complianceOf(link.session_id)).receipt?.messageId);

  const payload = await returnWithToken(page, `Return to ${ws.name}`);
  expect(payload).toMatchObject({ sid: link.session_id, intent: "withdrawal", outcome: "churned" });
});

test("a withdrawal in fr_3_clicks (FR, French): « Se rétracter du contrat » → « Confirmer la rétractation » → receipt; token withdrawal, churned; the email in French", async ({
  page,
}) => {
  const email = `helene-${randomBytes(4).toString("hex")}@example.com`;
  const link = await createLink({
    intent: "withdrawal",
    locale: "fr",
    customer: { country: "FR", email, name: "Hélène Garçon" },
    subscription: { description: "Offre « Sérénité »" },
  });
  expect(link).toMatchObject({ compliance_mode: "fr_3_clicks", locale: "fr" });
  await page.goto(link.url);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(
    page.getByRole("heading", { level: 1, name: "Vous rétracter de votre contrat" }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Se rétracter du contrat" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Confirmez votre rétractation" })).toBeVisible();
  await page.getByRole("button", { name: "Confirmer la rétractation" }).click();
  await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
  await expect(
    page.getByRole("heading", { level: 1, name: "Votre rétractation est enregistrée" }),
  ).toBeVisible();
  const lines = await receiptLines(page, "Accusé de réception de rétractation");
  expect(lines).toMatchObject({
    Référence: link.session_id,
    Prestataire: ws.name,
    Client: `Hélène Garçon (${link.userId})`,
    Contrat: "Offre « Sérénité »",
    "Type de demande": "Rétractation du contrat",
    "Procédure de résiliation": "France (résiliation en 3 clics)",
  });

  const { bytes } = await downloadReceipt(page, "Télécharger l’accusé de réception (PDF)", link);
  const text = await pdfText(bytes);
  expect(text).toContain("Accusé de réception de rétractation");
  expect(text).toContain("Hélène Garçon");
  expect(text).toContain(`Référence : ${link.session_id}`);

  // The emailed receipt, in French.
  const mail = await onlyMailTo(email);
  expect(mail.subject).toBe(`Votre accusé de réception de rétractation de ${ws.name}`);
  expect(mail.text).toContain("Bonjour Hélène Garçon,");
  expect(mail.text).toContain(`${ws.name} a reçu votre rétractation du contrat.`);
  expect(mail.text).toContain("Type de demande: Rétractation du contrat");
  expect(mail.html).toContain('<html lang="fr">');
  expect(mail.attachments).toHaveLength(1);
  expect(mail.attachments[0]).toMatchObject({ filename: `receipt-${link.session_id}.pdf`, contentType: PDF });
  expect(mail.attachments[0]!.sha256).toBe(sha256(bytes));
  const record = await complianceOf(link.session_id);
  expect(record).toMatchObject({ mode: "fr_3_clicks", locale: "fr", intent: "withdrawal" });
  expect(mail.messageId).toBe(record.receipt?.messageId);

  const payload = await returnWithToken(page, `Retour à ${ws.name}`);
  expect(payload).toMatchObject({ sid: link.session_id, intent: "withdrawal", outcome: "churned" });
});

test("a customer without an email: the receipt page and its PDF, the record says not emailed, no email for that session", async ({
  page,
}) => {
  const link = await createLink({ customer: { country: "US", region: "TX", name: "Sam Doe" } });
  expect(link.compliance_mode).toBe("standard");
  await page.goto(link.url);
  await expect(page.getByRole("heading", { level: 1, name: "We're sorry to see you go" })).toBeVisible();
  await page.getByRole("button", { name: "Skip and cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Confirm your cancellation" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await expect(page).toHaveURL(`${cancelOrigin}/s/${link.token}/done`);
  await expect(
    page.getByRole("heading", { level: 1, name: "Your cancellation request is confirmed" }),
  ).toBeVisible();
  const lines = await receiptLines(page, "Cancellation receipt");
  expect(lines).toMatchObject({
    Reference: link.session_id,
    Customer: `Sam Doe (${link.userId})`,
    Contract: "Your subscription",
  });

  const { bytes, href } = await downloadReceipt(page, "Download receipt (PDF)", link);
  const text = await pdfText(bytes);
  expect(text).toContain("Cancellation receipt");
  expect(text).toContain(`Reference: ${link.session_id}`);
  expect(text).toContain(`Sam Doe (${link.userId})`);
  const again = await getOnCancelHost(href);
  expect(again.status).toBe(200);
  expect(sha256(again.body)).toBe(sha256(bytes));

  const record = await complianceOf(link.session_id);
  expect(record.receipt).toMatchObject({ emailed: false, emailedAt: null, messageId: null });
  expect(record.receipt?.id).toMatch(/^rc_/);
  // Nothing in the mailbox names this session, its receipt or its PDF.
  const mentions = (await mailbox()).filter(
    (m) =>
      `${m.subject}\n${m.text}\n${m.html}`.includes(link.session_id) ||
      m.messageId === `<${record.receipt?.id}@cancel.localhost>` ||
      m.attachments.some((a) => a.filename.includes(link.session_id) || a.sha256 === sha256(bytes)),
  );
  expect(mentions).toEqual([]);
  const [row] = await sql<{ steps: string[] }>(
    `select array(select e->>'step' from jsonb_array_elements(timeline) e) as steps from "CancelSession" where id = $1`,
    [link.session_id],
  );
  expect(row?.steps).toContain("receipt_created");
  expect(row?.steps).not.toContain("receipt_emailed");
  expect(row?.steps).not.toContain("receipt_email_failed");
});
