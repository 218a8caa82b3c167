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
