// The API wrappers now do what middleware.ts did for /api (which it no longer matches): the cancel
// host serves no API, and https deployments send HSTS. Plus the body limits of the unauthenticated
// routes, https-only return URLs in production and the Secure workspace cookie.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as submitRoute } from "@/app/(cancel)/s/[token]/submit/route";
import { GET as health } from "@/app/api/health/route";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { POST as cancelLinkRoute } from "@/app/api/v1/cancel-link/route";
import { GET as getWorkspace } from "@/app/api/v1/workspace/route";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { setCurrentWorkspace } from "@/lib/dashboard/context";
import { db } from "@/lib/db";
import { addReturnHost, setDefaultReturnUrl } from "@/lib/domain/workspaces/return-hosts";
import { resetEnvCache } from "@/lib/env";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";

const cookieJar = vi.hoisted(() => ({ set: [] as { name: string; options: Record<string, unknown> }[] }));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({
    get: () => undefined,
    set: (name: string, _value: string, options: Record<string, unknown>) =>
      cookieJar.set.push({ name, options }),
  }),
}));

let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
beforeAll(async () => {
  ws = await createTestWorkspace({
    plan: "advanced",
    returnUrls: ["https://shop.example/account", "http://shop.example/account", "http://localhost:4390/a"],
  });
});

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["NODE_ENV", "APP_URL", "API_URL", "CANCEL_URL"] as const) {
    if (saved[k] === undefined) delete process.env[k];
    else Object.assign(process.env, { [k]: saved[k] });
  }
  resetEnvCache();
  resetRateLimiters();
  cookieJar.set = [];
});

function onHost(
  path: string,
  host: string,
  init: { apiKey?: string; headers?: Record<string, string> } = {},
) {
  return apiRequest(path, { apiKey: init.apiKey, headers: { host, ...init.headers } });
}

describe("the cancel host serves no API", () => {
  it("answers /api there with the API's 404 JSON, wrapped routes and plain ones alike", async () => {
    for (const res of [
      await getWorkspace(onHost("/api/v1/workspace", "cancel.localhost:3000", { apiKey: ws.apiKey.key })),
      await health(onHost("/api/health", "cancel.localhost:3000")),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "not_found", message: "Not found" } });
      expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    }
  });

  it("serves it on the app and API hosts", async () => {
    const res = await getWorkspace(onHost("/api/v1/workspace", "localhost:3000", { apiKey: ws.apiKey.key }));
    expect(res.status).toBe(200);
  });
});

describe("HSTS", () => {
  it("is sent by the API on an https deployment", async () => {
    process.env.APP_URL = "https://app.rb.example";
    process.env.CANCEL_URL = "https://cancel.rb.example";
    resetEnvCache();
    const res = await health(onHost("/api/health", "app.rb.example"));
    expect(res.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("is not sent on http://localhost", async () => {
    const res = await health(
      onHost("/api/health", "localhost:3000", { headers: { "x-forwarded-proto": "https" } }),
    );
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("body limits of the unauthenticated routes", () => {
  it("the Stripe webhook refuses more than 256 KB with 413 payload_too_large", async () => {
    const res = await stripeWebhook(
      apiRequest("/api/stripe/webhook", {
        rawBody: "x".repeat(257 * 1024),
        headers: { "stripe-signature": "t=1" },
      }),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });

  it("the hosted flow's submit refuses an oversized form with its own 413 page", async () => {
    const token = "A".repeat(43);
    const res = await submitRoute(
      new Request(`http://cancel.localhost:3000/s/${token}/submit`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", host: "cancel.localhost:3000" },
        body: `action=reason&reasonKey=x&reasonText=${"a".repeat(40 * 1024)}`,
      }),
      routeParams({ token }),
    );
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("That was too much to send");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });
});

describe("return URLs are https-only in production", () => {
  const link = (returnUrl: string) =>
    cancelLinkRoute(
      apiRequest("/api/v1/cancel-link", { apiKey: ws.apiKey.key, body: { userId: "u1", returnUrl } }),
    );

  it("an allowlisted http return URL is a 400 invalid_request naming returnUrl", async () => {
    Object.assign(process.env, { NODE_ENV: "production" });
    process.env.APP_URL = "https://app.rb.example";
    resetEnvCache();
    for (const url of ["http://shop.example/account", "http://localhost:4390/a"]) {
      const res = await link(url);
      expect(res.status, url).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toBe("Invalid request body: returnUrl: must use https");
      expect(body.error.details.issues).toEqual([{ path: "returnUrl", message: "must use https" }]);
    }
    expect((await link("https://shop.example/account")).status).toBe(200);
  });

  it("outside production, http only to loopback", async () => {
    expect((await link("http://localhost:4390/a")).status).toBe(200);
    const res = await link("http://shop.example/account");
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.issues[0].path).toBe("returnUrl");
  });
});

describe("the allowlist and the default return URL follow the same rule", () => {
  it("refuse http in production with invalid_request, storing nothing; https is accepted", async () => {
    Object.assign(process.env, { NODE_ENV: "production" });
    process.env.APP_URL = "https://app.rb.example";
    resetEnvCache();
    const id = ws.workspace.id;
    const before = await db.workspace.findUniqueOrThrow({
      where: { id },
      select: { defaultReturnUrl: true },
    });
    await expect(addReturnHost(id, "http://billing.shop.example/account")).rejects.toMatchObject({
      code: "invalid_request",
      message: "url: must use https",
    });
    await expect(setDefaultReturnUrl(id, "http://billing.shop.example/account")).rejects.toMatchObject({
      code: "invalid_request",
    });
    expect(
      await db.returnHost.count({ where: { workspaceId: id, origin: "http://billing.shop.example" } }),
    ).toBe(0);
    expect(
      await db.workspace.findUniqueOrThrow({ where: { id }, select: { defaultReturnUrl: true } }),
    ).toEqual(before);
    expect(await addReturnHost(id, "https://billing.shop.example/account")).toBe(
      "https://billing.shop.example",
    );
  });

  it("outside production, http only to loopback", async () => {
    const id = ws.workspace.id;
    expect(await addReturnHost(id, "http://127.0.0.1:4391/a")).toBe("http://127.0.0.1:4391");
    await expect(addReturnHost(id, "http://billing2.shop.example/a")).rejects.toMatchObject({
      code: "invalid_request",
    });
  });
});

describe("the rb_workspace cookie", () => {
  it("is Secure on an https deployment, and not on http://localhost", async () => {
    process.env.APP_URL = "https://app.rb.example";
    resetEnvCache();
    await setCurrentWorkspace(ws.workspace.id);
    process.env.APP_URL = "http://localhost:3000";
    resetEnvCache();
    await setCurrentWorkspace(ws.workspace.id);
    expect(cookieJar.set.map((c) => [c.name, c.options.secure, c.options.httpOnly])).toEqual([
      ["rb_workspace", true, true],
      ["rb_workspace", false, true],
    ]);
  });
});
