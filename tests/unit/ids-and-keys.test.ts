import { describe, expect, it } from "vitest";
import { apiKeyFromHeaders, safeEqual } from "@/lib/api/auth";
import type { ApiError } from "@/lib/api/errors";
import { displayPrefix, generateApiKey } from "@/lib/domain/workspaces/api-keys";
import { returnOrigin } from "@/lib/domain/workspaces/return-hosts";
import { generateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { createId, randomBase62 } from "@/lib/ids";
import { createUrlToken, hashToken, URL_TOKEN_SHAPE } from "@/lib/tokens";

describe("ids", () => {
  it("are prefixed, base62 and unique", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createId("evt")));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^evt_[0-9A-Za-z]{24}$/);
    expect(randomBase62(100)).toHaveLength(100);
  });

  it("stay unique and unbiased across many draws of the pooled random bytes", () => {
    // 5,000 ids × 24 characters ≈ 30 pool refills of 4 KB.
    const ids = Array.from({ length: 5000 }, () => createId("ce"));
    expect(new Set(ids).size).toBe(ids.length);
    const counts = new Map<string, number>();
    for (const id of ids) for (const c of id.slice(3)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (5000 * 24) / 62; // ≈ 1935 per character; a biased tail would skew the first 8
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.15);
  });
});

describe("link tokens (hosted flow, invitations)", () => {
  it("are 43 base64url characters that the shape check accepts, and nothing else is", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createUrlToken()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) expect(t).toMatch(URL_TOKEN_SHAPE);
    for (const bad of ["", "a".repeat(42), "a".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`]) {
      expect(URL_TOKEN_SHAPE.test(bad), bad).toBe(false);
    }
  });
});

describe("API keys", () => {
  it("look like rb_live_… and hash to hex SHA-256", () => {
    const key = generateApiKey();
    expect(key).toMatch(/^rb_live_[0-9A-Za-z]{43}$/);
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(displayPrefix(key)).toBe(key.slice(0, 12));
  });

  it("are read from Bearer or x-api-key, refusing conflicts", () => {
    expect(apiKeyFromHeaders(new Headers({ authorization: "Bearer k1" }))).toBe("k1");
    expect(apiKeyFromHeaders(new Headers({ "x-api-key": "k2" }))).toBe("k2");
    expect(apiKeyFromHeaders(new Headers({ authorization: "bearer k3", "x-api-key": "k3" }))).toBe("k3");
    const refuse = (h: Record<string, string>) => {
      try {
        apiKeyFromHeaders(new Headers(h));
        return null;
      } catch (e) {
        return (e as ApiError).status;
      }
    };
    expect(refuse({})).toBe(401);
    expect(refuse({ authorization: "Basic abc" })).toBe(401);
    expect(refuse({ authorization: "Bearer a", "x-api-key": "b" })).toBe(401);
  });

  it("compares secrets without short-circuiting on length mismatch errors", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("signing secrets", () => {
  it("use the Standard Webhooks whsec_ format with 32 random bytes", () => {
    const s = generateSigningSecret();
    expect(s).toMatch(/^whsec_/);
    expect(Buffer.from(s.slice(6), "base64")).toHaveLength(32);
  });
});

describe("return hosts", () => {
  it("reduce a URL to its origin", () => {
    expect(returnOrigin("https://App.Example.com/account?x=1#y")).toBe("https://app.example.com");
    expect(returnOrigin("https://app.example.com:443/x")).toBe("https://app.example.com");
    expect(returnOrigin("http://localhost:4000/done")).toBe("http://localhost:4000");
  });
  it("refuse non-http schemes and credentials", () => {
    expect(returnOrigin("javascript:alert(1)")).toBeNull();
    expect(returnOrigin("ftp://example.com")).toBeNull();
    expect(returnOrigin("https://user:pw@example.com")).toBeNull();
    expect(returnOrigin("not a url")).toBeNull();
  });
});
