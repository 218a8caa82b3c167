import { describe, expect, it } from "vitest";
import { withHttps } from "@/lib/dashboard/url-input";

describe("a URL typed without a scheme (withHttps)", () => {
  it("gets https:// in front", () => {
    expect(withHttps("app.example.com/account")).toBe("https://app.example.com/account");
    expect(withHttps("  example.com ")).toBe("https://example.com");
    expect(withHttps("localhost:3000/x")).toBe("https://localhost:3000/x");
    expect(withHttps("example.com:8443")).toBe("https://example.com:8443");
    expect(withHttps("//example.com/x")).toBe("https://example.com/x");
  });

  it("leaves a URL that has a scheme, and empty input, as they are", () => {
    expect(withHttps("https://app.example.com")).toBe("https://app.example.com");
    expect(withHttps("http://localhost:4010/account")).toBe("http://localhost:4010/account");
    expect(withHttps("HTTPS://Example.com")).toBe("HTTPS://Example.com");
    expect(withHttps("")).toBe("");
    expect(withHttps("   ")).toBe("");
    // Other schemes stay, for the validator to refuse by name.
    expect(withHttps("ftp://example.com")).toBe("ftp://example.com");
    expect(withHttps("javascript:alert(1)")).toBe("javascript:alert(1)");
  });
});

describe("input that is no URL even with https:// (withHttps)", () => {
  it("is left as typed, for the validator to refuse", () => {
    expect(withHttps("not a url at all")).toBe("not a url at all");
    expect(withHttps("hello")).toBe("hello");
  });
});
