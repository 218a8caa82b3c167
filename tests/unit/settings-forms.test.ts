import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { generalSettingsInput, isTimeZone, logoFileProblem } from "@/lib/domain/workspaces/general-schema";
import { invitationInput } from "@/lib/domain/workspaces/team-schema";
import { webhookEndpointForm } from "@/lib/webhooks/form-schema";

describe("sign-in return path", () => {
  it("keeps paths on this site and drops everything else", () => {
    expect(safeCallbackPath("/invite/abc?x=1")).toBe("/invite/abc?x=1");
    expect(safeCallbackPath(undefined)).toBe("/dashboard");
    for (const evil of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example/x",
      "/\t/evil.example",
      "javascript:alert(1)",
    ]) {
      expect(safeCallbackPath(evil), evil).toBe("/dashboard");
    }
  });
});

describe("settings forms, as the browser checks them", () => {
  it("general: hex colours, known zones (UTC too), a name, an ISO 4217 currency", () => {
    expect(
      generalSettingsInput.parse({
        name: " Acme ",
        accentColor: "#AABBCC",
        timezone: "UTC",
        currency: "eur",
      }),
    ).toEqual({
      name: "Acme",
      accentColor: "#aabbcc",
      timezone: "UTC",
      currency: "EUR",
    });
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("Nowhere/Special")).toBe(false);
    const r = generalSettingsInput.safeParse({
      name: "",
      accentColor: "#abc",
      timezone: "x",
      currency: "EURO",
    });
    expect(r.success ? [] : r.error.issues.map((i) => i.path[0])).toEqual([
      "name",
      "accentColor",
      "timezone",
      "currency",
    ]);
  });

  it("logo: type and size before upload", () => {
    expect(logoFileProblem({ type: "image/png", size: 100 * 1024 })).toBeNull();
    expect(logoFileProblem({ type: "image/png", size: 100 * 1024 + 1 })).toMatch(/at most 100 KB/);
    expect(logoFileProblem({ type: "image/gif", size: 10 })).toMatch(/PNG, JPEG, SVG or WebP/);
  });

  it("invitation: a lower-cased email and a role", () => {
    expect(invitationInput.parse({ email: " Ann@Example.COM ", role: "admin" })).toEqual({
      email: "ann@example.com",
      role: "admin",
    });
    expect(invitationInput.safeParse({ email: "ann", role: "member" }).success).toBe(false);
  });

  it("webhook endpoint: a URL and at least one event type; the server judges the host", () => {
    expect(
      webhookEndpointForm.safeParse({ url: "https://10.0.0.1/hook", eventTypes: ["cancellation.created"] })
        .success,
    ).toBe(true);
    const r = webhookEndpointForm.safeParse({ url: "not a url", eventTypes: [] });
    expect(r.success ? [] : r.error.issues.map((i) => i.path[0])).toEqual(["url", "eventTypes"]);
  });
});
