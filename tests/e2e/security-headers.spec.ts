// Body limits and security headers against the built app, over real HTTP: oversized bodies get a
// 413 the client actually receives (no reset), and every page carries a nonce CSP that lets the
// app's own scripts run and nothing else.
import http from "node:http";
import { expect, type Page, test } from "@playwright/test";
import { rb } from "../helpers/run-script";
import { signIn, uniqueEmail } from "./support/auth";

const port = Number(process.env.E2E_PORT ?? 3100);
const appHost = `localhost:${port}`;
const cancelHost = `cancel.localhost:${port}`;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * A POST through node's http client, with a body of `size` bytes sent either with a Content-Length
 * or chunked (none declared), written while the answer may already be on its way.
 */
function post(
  path: string,
  size: number,
  opts: {
    host?: string;
    chunked?: boolean;
    contentType?: string;
    headers?: Record<string, string>;
    method?: string;
  } = {},
): Promise<Answer> {
  const body = Buffer.alloc(size, "a");
  const headers: Record<string, string> = {
    host: opts.host ?? appHost,
    "content-type": opts.contentType ?? "application/json",
    ...opts.headers,
  };
  if (!opts.chunked) headers["content-length"] = String(size);
  return new Promise((resolve, reject) => {
    const method = opts.method ?? "POST";
    const req = http.request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
      res.on("error", reject);
    });
    // A reset before the answer arrived fails the test with ECONNRESET/EPIPE.
    req.on("error", reject);
    for (let at = 0; at < size; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
    req.end();
  });
}

async function newWorkspace() {
  const created = await rb(
    "workspace",
    "create",
    "--name",
    "Limits Co",
    "--plan",
    "advanced",
    "--return-url",
    "https://shop.example/account",
    "--json",
  );
  expect(created.code, created.stderr).toBe(0);
  return JSON.parse(created.stdout) as { apiKey: string };
}

function expectTooLarge(answer: Answer, kb: number) {
  expect(answer.status).toBe(413);
  expect(answer.headers["content-type"]).toMatch(/application\/json/);
  expect(JSON.parse(answer.body)).toEqual({
    error: { code: "payload_too_large", message: `Request body exceeds ${kb} KB` },
  });
}

test.describe("oversized bodies are answered 413, and the client gets the answer", () => {
  test("the API: 64 KB, declared or chunked", async () => {
    const { apiKey } = await newWorkspace();
    const auth = { authorization: `Bearer ${apiKey}` };
    for (const chunked of [false, true]) {
      expectTooLarge(await post("/api/v1/cancellations", 65 * 1024, { chunked, headers: auth }), 64);
      expectTooLarge(await post("/api/v1/cancellations", 4 * 1024 * 1024, { chunked, headers: auth }), 64);
    }
    // Declared too large: refused before the key is even looked at.
    expectTooLarge(await post("/api/v1/cancellations", 1024 * 1024), 64);
  });

  test("the Stripe webhook: 256 KB", async () => {
    for (const chunked of [false, true]) {
      expectTooLarge(await post("/api/stripe/webhook", 257 * 1024, { chunked }), 256);
      expectTooLarge(await post("/api/stripe/webhook", 8 * 1024 * 1024, { chunked }), 256);
    }
    // Within the limit it is still Stripe's signature that decides.
    const unsigned = await post("/api/stripe/webhook", 1024);
    expect(unsigned.status).toBe(400);
  });

  test("sign-in forms: 16 KB", async () => {
    for (const chunked of [false, true]) {
      const answer = await post("/api/auth/signin/email", 64 * 1024, {
        chunked,
        contentType: "application/x-www-form-urlencoded",
      });
      expectTooLarge(answer, 16);
    }
  });

  test("the hosted flow's form: its own page, with 413", async () => {
    const { apiKey } = await newWorkspace();
    const res = await fetch(`http://${appHost}/api/v1/cancel-link`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ userId: "cus_limits" }),
    });
    const token = ((await res.json()) as { url: string }).url.split("/s/")[1];
    for (const chunked of [false, true]) {
      const answer = await post(`/s/${token}/submit`, 1024 * 1024, {
        host: cancelHost,
        chunked,
        contentType: "application/x-www-form-urlencoded",
      });
      expect(answer.status).toBe(413);
      expect(answer.headers["content-type"]).toMatch(/text\/html/);
      expect(answer.body).toContain("That was too much to send");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
    }
  });
});

test.describe("what the middleware no longer sees, the routes still refuse", () => {
  test("a malformed path under /api is still a 400 in the error shape, not a 500", async ({ request }) => {
    for (const path of ["/api/v1/cancel-sessions/%zz", "/api/v1/cancellations/%E0%A4%A"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(400);
      expect((await res.json()).error.code).toBe("invalid_request");
    }
  });

  test("the cancel host answers /api with the API's 404", async () => {
    for (const path of ["/api/health", "/api/v1/workspace", "/api/cron/webhooks", "/api/auth/session"]) {
      const res = await post(path, 0, { host: cancelHost, method: "GET" });
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: "not_found" } });
    }
    const posted = await post("/api/stripe/webhook", 10, { host: cancelHost });
    expect(posted.status).toBe(404);
    // …and the app host does not serve the hosted flow's submit route.
    const submit = await post(`/s/${"A".repeat(43)}/submit`, 10, {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(submit.status).toBe(404);
  });
});

test("a broken router-state header on a path that is no page is still its 404, not a 500", async ({
  request,
}) => {
  // Pages render per request (for their nonce); unknown paths keep Next's prerendered 404, which
  // never parses the header (Next fails on it while rendering, and hides it from the middleware).
  for (const path of ["/robots.txt", "/no-such-page", "/dashboard/events/x/y"]) {
    const res = await request.get(path, {
      headers: { rsc: "1", "next-router-state-tree": "garbage" },
      maxRedirects: 0,
    });
    expect(res.status(), path).toBe(404);
  }
});

/** Every CSP violation the page reports, from the console and from `securitypolicyviolation`. */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/content security policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
        `${location.pathname}: ${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  return violations;
}

test.describe("the app host's pages carry a nonce CSP", () => {
  test("/ and /login: a fresh nonce on each response, on every script; no HSTS on localhost", async ({
    page,
  }) => {
    for (const path of ["/", "/login"]) {
      const res = await page.goto(path);
      const csp = res!.headers()["content-security-policy"] ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      expect(csp).toContain("'strict-dynamic'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-eval");
      const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
      expect(scripts.length).toBeGreaterThan(0);
      for (const n of scripts) expect(n).toBe(nonce);
      expect(res!.headers()["strict-transport-security"]).toBeUndefined();
      const again = await page.reload();
      expect(again!.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
    }
  });

  test("/login and the dashboard hydrate and work with no CSP violation", async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto("/login");
    await expect(page.getByLabel("Work email")).toBeVisible();

    await signIn(page, uniqueEmail("csp"));
    await page.goto("/dashboard/new");
    await page.getByLabel("Workspace name").fill("CSP Co");
    await page.getByRole("button", { name: "Create workspace" }).click();
    // A server action with JavaScript (useActionState): only works if the app's scripts ran.
    await expect(page.getByTestId("new-api-key")).toHaveText(/^rb_live_/);
    for (const path of ["/dashboard", "/dashboard/analytics", "/dashboard/settings"]) {
      const res = await page.goto(path);
      expect(res!.headers()["content-security-policy"], path).toMatch(/script-src [^;]*'nonce-/);
      await page.waitForLoadState("networkidle");
    }
    // A client-side navigation (next/link) still works under 'strict-dynamic'.
    await page.goto("/dashboard");
    await page.getByRole("link", { name: "Events" }).first().click();
    await expect(page).toHaveURL(/\/dashboard\/events/);
    expect(violations).toEqual([]);
  });
});
