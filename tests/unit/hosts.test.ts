import { describe, expect, it } from "vitest";
import { decideHostRoute, hostOf, normalizeHost } from "@/lib/routing/hosts";

const cancelHost = hostOf("http://cancel.localhost:3000");
const decide = (host: string | null, pathname: string) =>
  decideHostRoute({ host, pathname, cancelHost }).action;

describe("host routing", () => {
  it("serves the hosted flow on the cancel host", () => {
    expect(decide("cancel.localhost:3000", "/s/abc123")).toBe("next");
    expect(decide("CANCEL.localhost:3000", "/s/abc123/confirm")).toBe("next");
    expect(decide("cancel.localhost:3000", "/_next/static/chunks/app.js")).toBe("next");
  });

  it("serves nothing else on the cancel host", () => {
    for (const path of ["/login", "/dashboard", "/api/health", "/api/v1/cancellations", "/sx", "/docs"]) {
      expect(decide("cancel.localhost:3000", path), path).toBe("not_found");
    }
  });

  it("answers the cancel host's root with the page saying what the host serves, not a 404", () => {
    expect(decide("cancel.localhost:3000", "/")).toBe("cancel_home");
    expect(decide("cancel.localhost:3000", "//")).toBe("not_found");
    expect(decide("localhost:3000", "/")).toBe("next");
  });

  it("hides the hosted flow on the app host and serves the rest", () => {
    expect(decide("localhost:3000", "/s/abc123")).toBe("not_found");
    expect(decide("localhost:3000", "/s")).toBe("not_found");
    expect(decide("localhost:3000", "/")).toBe("next");
    expect(decide("localhost:3000", "/studio")).toBe("next");
    expect(decide("localhost:3000", "/api/health")).toBe("next");
    expect(decide(null, "/s/abc")).toBe("not_found");
  });

  it("treats a different port as a different host", () => {
    expect(decide("cancel.localhost:3001", "/s/abc")).toBe("not_found");
  });

  it("normalises default ports and trailing dots", () => {
    expect(normalizeHost("Cancel.RetentBase.com.:443")).toBe("cancel.retentbase.com");
    expect(hostOf("https://cancel.retentbase.com")).toBe("cancel.retentbase.com");
    const prod = hostOf("https://cancel.retentbase.com");
    expect(
      decideHostRoute({ host: "cancel.retentbase.com:443", pathname: "/s/x", cancelHost: prod }).action,
    ).toBe("next");
  });
});
