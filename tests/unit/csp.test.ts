import { describe, expect, it } from "vitest";
import { appCsp, hostedFlowCsp, newNonce } from "@/lib/routing/csp";

const directives = (csp: string) =>
  new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe("the app host's CSP (marketing, /login, /dashboard, /invite)", () => {
  it("runs scripts only with this response's nonce; no framing, no plugins", () => {
    const nonce = newNonce();
    const d = directives(appCsp(nonce));
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    // Style attributes only (chart bars, previews): never inline <style> or scripts.
    expect(d.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(appCsp(nonce)).not.toContain("unsafe-eval");
  });

  it("development adds only what the dev server needs", () => {
    const d = directives(appCsp("abc", { dev: true }));
    expect(d.get("script-src")).toContain("'unsafe-eval'");
    expect(d.get("connect-src")).toContain("ws:");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
  });
});

describe("the hosted flow's form-action", () => {
  it("allows posts to itself and the redirect to this session's return origin", () => {
    const d = directives(hostedFlowCsp("n", { returnOrigin: "https://app.acme.example" }));
    expect(d.get("form-action")).toEqual(["'self'", "https://app.acme.example"]);
  });

  it("is 'self' alone when the session is unknown", () => {
    expect(directives(hostedFlowCsp("n")).get("form-action")).toEqual(["'self'"]);
    expect(directives(hostedFlowCsp("n", { returnOrigin: null })).get("form-action")).toEqual(["'self'"]);
  });
});

// `npm run dev`: the dev server injects the pages' CSS and its overlay's styles inline, without a
// nonce (about 35 refused styles per page, and unstyled overlay boxes, under the production policy).
describe("under next dev", () => {
  for (const [name, csp] of [
    ["app", (dev: boolean) => appCsp("n0nce", { dev })],
    [
      "hosted flow",
      (dev: boolean) => hostedFlowCsp("n0nce", { dev, returnOrigin: "https://app.acme.example" }),
    ],
  ] as const) {
    it(`${name}: allows the dev server's inline styles, eval and websocket, and scripts still need the nonce`, () => {
      const d = directives(csp(true));
      // A nonce beside 'unsafe-inline' would make browsers ignore 'unsafe-inline'.
      expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
      expect(d.get("style-src-attr")).toBeUndefined();
      expect(d.get("script-src")).toEqual(["'self'", "'nonce-n0nce'", "'strict-dynamic'", "'unsafe-eval'"]);
      expect(d.get("connect-src")).toEqual(["'self'", "ws:", "wss:"]);
      expect(d.get("object-src")).toEqual(["'none'"]);
      expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    });
  }

  it("production keeps exactly the strict policies", () => {
    expect(appCsp("n0nce")).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n0nce' 'strict-dynamic'; style-src 'self' 'nonce-n0nce'; " +
        "style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    );
    expect(hostedFlowCsp("n0nce", { returnOrigin: "https://app.acme.example" })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-n0nce' 'strict-dynamic'; style-src 'self' 'nonce-n0nce'; " +
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'self' https://app.acme.example",
    );
    for (const csp of [appCsp("n0nce"), hostedFlowCsp("n0nce")]) {
      expect(csp).not.toMatch(/unsafe-eval|ws:/);
      expect(directives(csp).get("style-src")).not.toContain("'unsafe-inline'");
    }
  });
});
