import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

describe("where sign-in returns to (safeCallbackPath)", () => {
  it("keeps a deep link on this site, with its query", () => {
    expect(safeCallbackPath("/dashboard/settings?tab=api")).toBe("/dashboard/settings?tab=api");
    expect(safeCallbackPath("/dashboard/events?x=y&from=2026-01-01")).toBe(
      "/dashboard/events?x=y&from=2026-01-01",
    );
    expect(safeCallbackPath("/invite/abc")).toBe("/invite/abc");
  });

  it("falls back to the dashboard for nothing at all", () => {
    expect(safeCallbackPath(undefined)).toBe("/dashboard");
    expect(safeCallbackPath(null)).toBe("/dashboard");
    expect(safeCallbackPath("")).toBe("/dashboard");
  });

  it("never leads to another origin, however the path is disguised", () => {
    for (const evil of [
      "//evil.example",
      "//evil.example/dashboard",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "http://evil.example/dashboard",
      "HTTPS://evil.example",
      "javascript:alert(1)",
      "data:text/html,hi",
      "/\t/evil.example",
      "/\n/evil.example",
      " //evil.example",
      "evil.example",
      // Dot segments that the URL parser resolves into a protocol-relative path.
      "/..//evil.example",
      "/.//evil.example",
      "/dashboard/../..//evil.example/x?y=1",
    ]) {
      const path = safeCallbackPath(evil);
      expect(path, evil).toBe("/dashboard");
      // Whatever comes back resolves to this site.
      expect(new URL(path, "https://app.example").origin, evil).toBe("https://app.example");
    }
  });
});
