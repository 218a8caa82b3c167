// Requests Next.js answers with a 500 unless middleware.ts refuses them first (found by `npm run
// fuzz`): malformed path segments and server-action requests Next or React cannot decode.
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { isPagePath, PAGE_ROUTES } from "@/lib/routing/pages";
import {
  isMalformedPath,
  isPossibleServerAction,
  originRefusal,
  replyProblem,
  serverActionRefusal,
} from "@/lib/routing/request-guard";
import { middleware } from "@/middleware";

const ACTION_ID = `60${"a".repeat(40)}`;
const APP = "http://localhost:3000";

function multipart(parts: [string, string][], boundary = "b0undary", close = true) {
  const body =
    parts
      .map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("") + (close ? `--${boundary}--\r\n` : "");
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function post(path: string, init: { body?: string; contentType?: string; headers?: Record<string, string> }) {
  const headers = new Headers({ host: "localhost:3000", origin: APP, ...init.headers });
  if (init.contentType) headers.set("content-type", init.contentType);
  return new NextRequest(`${APP}${path}`, { method: "POST", headers, body: init.body });
}

const refusal = (req: Request, serverActions = true) => serverActionRefusal(req, { serverActions });

describe("malformed path segments", () => {
  it("spots segments that are not UTF-8 percent-encoding", () => {
    for (const p of ["/api/v1/cancel-sessions/%ED%A0%80", "/s/%", "/x/a%zz", "/x/%FF", "/x/%C0%AE%C0%AE/y"]) {
      expect(isMalformedPath(p), p).toBe(true);
    }
    for (const p of [
      "/api/v1/cancellations/evt_1",
      "/s/%E2%80%AE",
      "/x/%25",
      "/x/%00",
      "/",
      "/x/%F0%9F%98%80",
    ]) {
      expect(isMalformedPath(p), p).toBe(false);
    }
  });

  it("are answered 400 by the middleware: the API's error shape under /api/, text elsewhere", async () => {
    const api = await middleware(new NextRequest(`${APP}/api/v1/cancel-sessions/%ED%A0%80`));
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(api.headers.get("x-request-id")).toMatch(/^req_/);
    const page = await middleware(
      new NextRequest("http://cancel.localhost:3000/s/%ED%A0%80/offer", {
        headers: { host: "cancel.localhost:3000" },
      }),
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/Malformed percent-encoding/);
  });
});

describe("server-action requests", () => {
  it("are what Next decodes as possible actions: POSTs to pages with Next-Action or multipart", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(
      isPossibleServerAction("POST", "/login", h({ "content-type": "multipart/form-data; boundary=x" })),
    ).toBe(true);
    expect(isPossibleServerAction("POST", "/dashboard", h({ "next-action": ACTION_ID }))).toBe(true);
    expect(isPossibleServerAction("GET", "/dashboard", h({ "next-action": ACTION_ID }))).toBe(false);
    expect(
      isPossibleServerAction("POST", "/login", h({ "content-type": "application/x-www-form-urlencoded" })),
    ).toBe(false);
    // Route handlers parse their own bodies.
    expect(isPossibleServerAction("POST", "/api/v1/cancellations", h({ "next-action": "x" }))).toBe(false);
    expect(
      isPossibleServerAction("POST", "/s/tok/submit", h({ "content-type": "multipart/form-data" })),
    ).toBe(false);
  });

  it("need an Origin that is a URL of this host, when there is one", () => {
    expect(originRefusal(new Headers({ host: "localhost:3000" }))).toBeNull();
    expect(originRefusal(new Headers({ host: "localhost:3000", origin: APP }))).toBeNull();
    expect(
      originRefusal(new Headers({ host: "localhost:3000", origin: "http://evil.example" }))?.status,
    ).toBe(403);
    expect(originRefusal(new Headers({ host: "localhost:3000", origin: "null" }))?.status).toBe(403);
    expect(originRefusal(new Headers({ host: "localhost:3000", origin: "not a url" }))?.status).toBe(400);
    expect(
      originRefusal(
        new Headers({ host: "internal:3000", "x-forwarded-host": "localhost:3000", origin: APP }),
      ),
    ).toBeNull();
  });

  it("refuse a malformed multipart body (Next: 'Failed to parse body as FormData', a 500)", async () => {
    const res = await middleware(
      post("/login", { body: "a=b", contentType: "multipart/form-data; boundary=x" }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/multipart/);
    const unterminated = multipart([["a", "b"]], "x", false);
    expect((await refusal(post("/login", unterminated)))?.status).toBe(400);
    expect((await refusal(post("/login", { body: "", contentType: "multipart/form-data" })))?.status).toBe(
      400,
    );
  });

  it("refuse bodies over Next's 1 MB action limit (Next: a 500)", async () => {
    const big = multipart([["x", "a".repeat(1024 * 1024 + 1)]]);
    expect((await refusal(post("/dashboard/settings", big)))?.status).toBe(413);
  });

  it("refuse broken reply encodings of fetch actions, pass the ones React sends", async () => {
    const fetchAction = (body: string, contentType = "text/plain;charset=UTF-8") =>
      refusal(post("/dashboard/settings", { body, contentType, headers: { "next-action": ACTION_ID } }));
    for (const bad of [
      "{",
      '"x"',
      "[1",
      `[${"[".repeat(200)}${"]".repeat(200)}]`,
      '["$Q0"]',
      '["$@1"]',
      '["$F1"]',
    ]) {
      expect((await fetchAction(bad))?.status, bad).toBe(400);
    }
    for (const good of [
      "[]",
      '[null,"$$literal dollar"]',
      '["$undefined",{"a":"$D2026-11-27T10:00:00.000Z"}]',
    ]) {
      expect(await fetchAction(good), good).toBeNull();
    }
    // (prevState, formData) as useActionState sends it with JavaScript on.
    const withForm = multipart([
      ["0", '[{"ok":false,"message":"x"},"$K1"]'],
      ["_1_workspaceId", "ws_1"],
      ["_1_name", "Key"],
    ]);
    expect(await fetchAction(withForm.body, withForm.contentType)).toBeNull();
    const missingRoot = multipart([["_1_name", "Key"]]);
    expect((await fetchAction(missingRoot.body, missingRoot.contentType))?.status).toBe(400);
  });

  it("refuse broken progressive-enhancement descriptors, pass real no-JavaScript forms", async () => {
    const form = (descriptor: string, bound = "[null]") =>
      refusal(
        post(
          "/dashboard/settings",
          multipart([
            ["$ACTION_REF_1", ""],
            ["$ACTION_1:0", descriptor],
            ["$ACTION_1:1", bound],
            ["$ACTION_KEY", "k0"],
            ["name", "Key"],
          ]),
        ),
      );
    expect(await form(JSON.stringify({ id: ACTION_ID, bound: "$@1" }))).toBeNull();
    expect((await form("{"))?.status).toBe(400);
    expect((await form(JSON.stringify({ id: ACTION_ID, bound: "$@1" }), "{"))?.status).toBe(400);
    expect((await form(JSON.stringify({ id: ACTION_ID, bound: "$@1" }), '"x"'))?.status).toBe(400);
    expect((await form(JSON.stringify({ id: ACTION_ID, bound: "$@7" })))?.status).toBe(400);
    const plain = multipart([
      [`$ACTION_ID_${`40${"b".repeat(40)}`}`, ""],
      ["workspaceId", "ws_1"],
    ]);
    expect(await refusal(post("/dashboard", plain))).toBeNull();
  });

  it("refuse the RSC navigation header, which Next's client never sends with an action", async () => {
    const plain = multipart([[`$ACTION_ID_${`40${"b".repeat(40)}`}`, ""]]);
    expect((await refusal(post("/nonexistent", { ...plain, headers: { rsc: "1" } })))?.status).toBe(400);
  });

  it("are refused (404) on paths that are not pages: Next would run the action, then render a 404", async () => {
    const plain = multipart([[`$ACTION_ID_${`40${"b".repeat(40)}`}`, ""]]);
    for (const p of ["/favicon.ico", "/robots.txt", "/nonexistent", "/dashboard/settings/x", "/s/tok/nope"]) {
      const res = await middleware(post(p, plain));
      expect(res.status, p).toBe(404);
    }
    expect(isPagePath("/dashboard/events/ce_1")).toBe(true);
    expect(isPagePath("/s/tok/offer")).toBe(true);
    expect(isPagePath("/")).toBe(true);
  });

  it("PAGE_ROUTES lists exactly the app's page.tsx files", () => {
    const root = path.resolve(import.meta.dirname, "../../app");
    const found = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => /(^|\/)page\.tsx$/.test(f))
      .map((f) => `/${path.dirname(f)}`.replace(/\/\([^)]+\)/g, "").replace(/\/\.$/, "") || "/")
      .map((r) => (r === "" ? "/" : r));
    expect([...found].sort()).toEqual([...PAGE_ROUTES].sort());
  });

  it("are refused on the cancel host, which serves none", async () => {
    const res = await refusal(post("/s/tok", multipart([["a", "b"]])), false);
    expect(res?.status).toBe(400);
  });

  it("replyProblem follows references and refuses cycles of nothing", () => {
    const parts = (o: Record<string, string>) => ({
      strings: new Map(Object.entries(o)),
      files: new Set<string>(),
      prefix: "",
    });
    expect(replyProblem(parts({ "0": '["$1"]', "1": '{"a":"$@2"}', "2": "[1]" }))).toBeNull();
    expect(replyProblem(parts({ "0": '["$1"]' }))).toMatch(/missing/);
    expect(replyProblem(parts({ "0": '["$0"]' }))).toBeNull();
    expect(replyProblem(parts({ "0": '["$Bz"]' }))).toMatch(/file/);
  });
});
