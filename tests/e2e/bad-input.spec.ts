// Bad input against the built app (what `npm run fuzz` found): requests that Next.js itself turned
// into 500s before any route ran — malformed path segments, and server-action requests it could not
// decode — are refused by middleware.ts with a 4xx, while real server actions, with and without
// JavaScript, keep working.
import { expect, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/auth";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://localhost:${port}`;
const cancelOrigin = `http://cancel.localhost:${port}`;
const SOME_ACTION = `60${"a".repeat(40)}`;

test.describe("requests Next.js answered with a 500", () => {
  test("a malformed multipart body posted to a page is a 400", async ({ request }) => {
    for (const path of ["/login", "/", "/dashboard", "/dashboard/settings"]) {
      const res = await request.post(path, {
        headers: { "content-type": "multipart/form-data; boundary=x", origin: appOrigin },
        data: "a=b",
      });
      expect(res.status(), path).toBe(400);
      expect(await res.text()).toMatch(/Malformed multipart/);
    }
  });

  test("a server action from another origin, or with a broken encoding, is a 4xx", async ({ request }) => {
    const foreign = await request.post("/dashboard", {
      headers: { "next-action": SOME_ACTION, origin: "https://evil.example", "content-type": "text/plain" },
      data: "[]",
    });
    expect(foreign.status()).toBe(403);
    const notAUrl = await request.post("/login", {
      headers: { "next-action": SOME_ACTION, origin: "not a url", "content-type": "text/plain" },
      data: "[]",
    });
    expect(notAUrl.status()).toBe(400);
    for (const body of ["{", '["$@1"]', `[${"[".repeat(500)}${"]".repeat(500)}]`]) {
      const res = await request.post("/dashboard/settings", {
        headers: {
          "next-action": SOME_ACTION,
          origin: appOrigin,
          "content-type": "text/plain;charset=UTF-8",
        },
        data: body,
      });
      expect(res.status(), body.slice(0, 20)).toBe(400);
    }
  });

  test("a path segment that is not UTF-8 is a 400, in the API's error shape under /api/", async ({
    request,
  }) => {
    for (const [method, path] of [
      ["GET", "/api/v1/cancel-sessions/%ED%A0%80"],
      ["PATCH", "/api/v1/cancellations/%ED%A0%80"],
      ["POST", "/api/v1/webhook-deliveries/%/retry"],
    ] as const) {
      const res = await request.fetch(path, {
        method,
        headers: { "content-type": "application/json" },
        data: "{}",
      });
      expect(res.status(), path).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
      expect(res.headers()["x-request-id"]).toBeTruthy();
    }
    const page = await request.get("/dashboard/events/%C0%AE");
    expect(page.status()).toBe(400);
  });

  test("on the cancel host too", async ({ page }) => {
    const res = await page.goto(`${cancelOrigin}/s/%ED%A0%80/offer`);
    expect(res?.status()).toBe(400);
  });
});

test.describe("real server actions still work", () => {
  test("with JavaScript and without it (progressive enhancement)", async ({ page }) => {
    await signIn(page, uniqueEmail("actions"));
    // With JavaScript: useActionState posts a fetch action (Next-Action header, multipart reply).
    await page.goto("/dashboard/new");
    await page.getByLabel("Workspace name").fill("Actions JS");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByTestId("new-api-key")).toHaveText(/^rb_live_/);

    // Without JavaScript the same form posts multipart with $ACTION_REF_/$ACTION_KEY fields, as the
    // page renders them (the dashboard streams behind Suspense, so a no-JS browser would not show
    // it: post the rendered form's fields the way that browser would).
    const html = await (await page.request.get("/dashboard/new")).text();
    const form = html.split("<form").find((f) => f.includes('name="name"')) ?? "";
    const fields: Record<string, string> = {};
    for (const m of form.matchAll(/<input type="hidden" name="(\$ACTION_[^"]+)"(?: value="([^"]*)")?/g)) {
      fields[m[1]!] = (m[2] ?? "").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    }
    expect(Object.keys(fields).some((k) => k.startsWith("$ACTION_REF_"))).toBe(true);
    const res = await page.request.post("/dashboard/new", {
      headers: { origin: appOrigin },
      multipart: { ...fields, name: "Actions no JS", returnUrl: "" },
    });
    expect(res.status()).toBe(200);
    expect(await res.text()).toMatch(/Actions no JS<!-- --> is ready[\s\S]*rb_live_/);
  });
});
