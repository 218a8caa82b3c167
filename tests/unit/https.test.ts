import { describe, expect, it } from "vitest";
import {
  HSTS_VALUE,
  isLoopbackHostname,
  returnUrlSchemeProblem,
  sendsHsts,
  workspaceCookieOptions,
} from "@/lib/routing/https";

describe("HSTS", () => {
  const urls = ["https://app.retentbase.com", "https://cancel.retentbase.com"];

  it("is two years with subdomains", () => {
    expect(HSTS_VALUE).toBe("max-age=63072000; includeSubDomains");
  });

  it("is sent for a host whose configured URL is https, or behind a proxy that says https", () => {
    expect(sendsHsts({ host: "app.retentbase.com", forwardedProto: null, configuredUrls: urls })).toBe(true);
    expect(sendsHsts({ host: "cancel.retentbase.com", forwardedProto: null, configuredUrls: urls })).toBe(
      true,
    );
    expect(sendsHsts({ host: "APP.retentbase.com:443", forwardedProto: null, configuredUrls: urls })).toBe(
      true,
    );
    expect(
      sendsHsts({
        host: "rb.example.org",
        forwardedProto: "https",
        configuredUrls: ["http://rb.example.org"],
      }),
    ).toBe(true);
    expect(sendsHsts({ host: "rb.example.org", forwardedProto: "https, http", configuredUrls: [] })).toBe(
      true,
    );
  });

  it("is not sent on an http deployment", () => {
    const http = ["http://rb.internal:8080", "http://cancel.rb.internal:8080"];
    expect(sendsHsts({ host: "rb.internal:8080", forwardedProto: null, configuredUrls: http })).toBe(false);
    expect(sendsHsts({ host: "rb.internal:8080", forwardedProto: "http", configuredUrls: http })).toBe(false);
    // An https URL configured for another host says nothing about this one.
    expect(sendsHsts({ host: "other.example", forwardedProto: null, configuredUrls: urls })).toBe(false);
    expect(sendsHsts({ host: null, forwardedProto: "https", configuredUrls: urls })).toBe(false);
  });

  it("is never sent for localhost, whatever the configuration or the proxy says", () => {
    for (const host of [
      "localhost:3000",
      "cancel.localhost:3000",
      "127.0.0.1:3000",
      "[::1]:3000",
      "localhost",
    ]) {
      expect(sendsHsts({ host, forwardedProto: "https", configuredUrls: [`https://${host}`] }), host).toBe(
        false,
      );
    }
  });
});

describe("loopback host names", () => {
  it("are localhost, *.localhost, 127/8 and ::1", () => {
    for (const h of [
      "localhost",
      "LOCALHOST.",
      "cancel.localhost",
      "127.0.0.1",
      "127.1.2.3",
      "::1",
      "[::1]",
    ]) {
      expect(isLoopbackHostname(h), h).toBe(true);
    }
    for (const h of ["localhost.example.com", "example.com", "10.0.0.1", "128.0.0.1", "::2", "0.0.0.0"]) {
      expect(isLoopbackHostname(h), h).toBe(false);
    }
  });
});

describe("the rb_workspace cookie", () => {
  it("is Secure on an https deployment", () => {
    expect(workspaceCookieOptions("https://app.retentbase.com")).toMatchObject({
      secure: true,
      httpOnly: true,
      sameSite: "lax",
      path: "/",
    });
  });
  it("is not Secure on http://localhost (the browser would drop it)", () => {
    expect(workspaceCookieOptions("http://localhost:3000").secure).toBe(false);
  });
});

describe("return URL schemes", () => {
  const production = { production: true, appUrl: "https://app.retentbase.com" };
  const development = { production: false, appUrl: "http://localhost:3000" };
  const localStart = { production: true, appUrl: "http://localhost:3000" };

  it("https is always fine", () => {
    for (const d of [production, development, localStart]) {
      expect(returnUrlSchemeProblem("https://app.acme.example/account", d)).toBeNull();
    }
  });

  it("a production deployment refuses http, loopback included", () => {
    expect(returnUrlSchemeProblem("http://app.acme.example/account", production)).toBe("must use https");
    expect(returnUrlSchemeProblem("http://localhost:4000/account", production)).toBe("must use https");
    expect(returnUrlSchemeProblem("http://127.0.0.1/x", production)).toBe("must use https");
  });

  it("while developing, http only to loopback", () => {
    for (const u of ["http://localhost:4000/a", "http://127.0.0.1:4000/a", "http://[::1]:4000/a"]) {
      expect(returnUrlSchemeProblem(u, development), u).toBeNull();
      // `npm start` (production mode) on a laptop is developing too: its own URL is loopback.
      expect(returnUrlSchemeProblem(u, localStart), u).toBeNull();
    }
    expect(returnUrlSchemeProblem("http://app.acme.example/account", development)).toMatch(/^must use https/);
    expect(returnUrlSchemeProblem("http://192.168.1.10/account", localStart)).toMatch(/^must use https/);
  });

  it("other schemes and non-URLs are refused", () => {
    for (const u of ["javascript:alert(1)", "ftp://x.example/", "/relative", "not a url"]) {
      expect(returnUrlSchemeProblem(u, development), u).toBe("must be an absolute http(s) URL");
    }
  });
});
