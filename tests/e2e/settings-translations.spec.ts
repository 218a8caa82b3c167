// Settings → Hosted flow in every language: an admin gives a reason and an offer their German texts,
// picks the default language and the compliance mode; everything is still there after a reload; a
// refused text keeps what was typed with the reason beside the field; the forms post without
// JavaScript too; axe finds nothing serious.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, type Page, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/auth";
import { sql } from "./support/sql";

test.describe.configure({ timeout: 150_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

async function seriousViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("an admin translates a reason and an offer into German, sets the default language and the compliance mode", async ({
  page,
  browser,
}) => {
  await signIn(page, uniqueEmail("i18n"));
  await page.goto("/dashboard/new");
  const name = `Languages ${randomBytes(3).toString("hex")}`;
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("new-api-key")).toContainText("rb_live_");
  const [{ id: workspaceId } = { id: "" }] = await sql<{ id: string }>(
    `select id from "Workspace" where name = $1`,
    [name],
  );
  await page.goto("/dashboard/settings/hosted-flow");

  // An offer to translate.
  await page.getByLabel("Headline customers see").fill("A month free");
  await page.getByLabel("Type", { exact: true }).selectOption("extension");
  await page.getByLabel("Free days").fill("30");
  await page.getByRole("button", { name: "Add offer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Offer added." })).toBeVisible();

  // A reason: the default ones come translated; the German text is changed.
  const reason = page.getByTestId("reason-translations-too_expensive");
  await reason.locator("summary").click();
  const german = page.getByLabel("German label for It's too expensive");
  await expect(german).toHaveValue("Es ist zu teuer");
  await expect(reason).toContainText("customers who speak it see the English text");
  await german.fill("Zu teuer");
  // Longer than a label may be (a page from before the limit, say): refused beside the field.
  const french = page.getByLabel("French label for It's too expensive");
  await french.evaluate((el) => el.removeAttribute("maxlength"));
  const long = "Beaucoup trop cher ".repeat(7);
  await french.fill(long);
  await reason.getByRole("button", { name: "Save translations" }).click();
  await expect(french).toHaveAttribute("aria-invalid", "true");
  await expect(french).toHaveAccessibleDescription("At most 120 characters");
  await expect(french).toHaveValue(long);
  await expect(german).toHaveValue("Zu teuer");
  // Empty: the French customers see the English label.
  await french.fill("");
  await reason.getByRole("button", { name: "Save translations" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Translations of “It's too expensive” saved." }),
  ).toBeVisible();

  // The offer's German headline and small print, in its Edit disclosure.
  const offerRow = page.getByTestId("offer-row").filter({ hasText: "A month free" });
  await offerRow.locator("summary").click();
  await page.getByLabel("German headline for A month free").fill("Ein Monat gratis");
  await page.getByLabel("German small print for A month free").fill("Danach zum üblichen Preis.");
  await page
    .getByRole("form", { name: "Translations of A month free" })
    .getByRole("button", { name: "Save translations" })
    .click();
  await expect(
    page.getByRole("status").filter({ hasText: "Translations of “A month free” saved." }),
  ).toBeVisible();

  // The default language and a forced mode.
  const section = page.getByTestId("language-compliance");
  await section.getByLabel("Default language").selectOption("fr");
  await section.getByRole("radio", { name: /^Germany \(§312k BGB\)/ }).check();
  await section.getByRole("button", { name: "Save language and compliance" }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Saved: Français by default, compliance mode Germany (§312k BGB)." }),
  ).toBeVisible();
  expect(await seriousViolations(page, '[data-testid="language-compliance"]')).toEqual([]);

  await page.reload();
  await expect(section.getByLabel("Default language")).toHaveValue("fr");
  await expect(section.getByRole("radio", { name: /^Germany \(§312k BGB\)/ })).toBeChecked();
  await expect(section.getByRole("radio", { name: /^Auto/ })).not.toBeChecked();
  await reason.locator("summary").click();
  await expect(german).toHaveValue("Zu teuer");
  // French is the default now: its text is the reason's own; English is a translation.
  await expect(french).toHaveCount(0);
  await expect(page.getByLabel("English label for It's too expensive")).toHaveValue("");
  await offerRow.locator("summary").click();
  await expect(page.getByLabel("German headline for A month free")).toHaveValue("Ein Monat gratis");
  expect(await seriousViolations(page)).toEqual([]);

  // Without JavaScript the form posts all the same. (The dashboard streams its pages behind a
  // loading state, which a browser without JavaScript never swaps in, so the post is made as that
  // browser would make it: the server-rendered form's own fields, to its own action URL.)
  const noJs = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await noJs.newPage();
  await plain.goto("/dashboard/settings/hosted-flow");
  const rendered = await plain
    .locator(`form[aria-label="Translations of It's too expensive"]`)
    .evaluate((f: HTMLFormElement) => ({
      action: f.getAttribute("action"),
      method: f.getAttribute("method"),
      fields: [...new FormData(f)].map(([k, v]) => [k, String(v)] as [string, string]),
    }));
  expect(rendered.method?.toLowerCase()).toBe("post");
  const multipart = Object.fromEntries(
    rendered.fields.map(([k, v]) => [k, k === "es.label" ? "Demasiado caro" : v]),
  );
  expect(multipart).toMatchObject({ key: "too_expensive", "de.label": "Zu teuer" });
  const posted = await plain.request.post(new URL(rendered.action || "", plain.url()).toString(), {
    multipart,
    headers: { origin: new URL(plain.url()).origin },
    maxRedirects: 0,
  });
  expect(posted.status()).toBeLessThan(400);
  await noJs.close();
  await expect
    .poll(async () => {
      const [row] = await sql<{ translations: Record<string, { label?: string }> }>(
        `select translations from "Reason" where "workspaceId" = $1 and key = 'too_expensive'`,
        [workspaceId],
      );
      return row?.translations;
    })
    .toEqual({ de: { label: "Zu teuer" }, es: { label: "Demasiado caro" } });

  const [offer] = await sql<{ translations: unknown }>(
    `select translations from "Offer" where "workspaceId" = $1`,
    [workspaceId],
  );
  expect(offer?.translations).toEqual({
    de: { label: "Ein Monat gratis", termsText: "Danach zum üblichen Preis." },
  });
  const [ws] = await sql<{ defaultLocale: string; complianceMode: string }>(
    `select "defaultLocale", "complianceMode" from "Workspace" where id = $1`,
    [workspaceId],
  );
  expect(ws).toEqual({ defaultLocale: "fr", complianceMode: "de_312k" });
});
