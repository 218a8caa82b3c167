import { beforeEach, describe, expect, it } from "vitest";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { clientIp, signInRateLimited } from "@/lib/auth/sign-in-limit";
import { resetEnvCache } from "@/lib/env";

// The whole magic-link flow runs in the e2e suite (next-auth needs a request scope); here, the
// limits the route applies before handing a sign-in request to next-auth.
const request = (email: string, headers: Record<string, string> = {}) =>
  new Request("http://localhost:3000/api/auth/signin/email", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ email, csrfToken: "x" }),
  });

// The limit logic, on the in-process limiter (the Redis path is covered in api-handler.test.ts);
// identifiers are unique per run so nothing carries over between runs.
delete process.env.REDIS_URL;
const run = Math.random().toString(36).slice(2, 8);
beforeEach(() => {
  resetEnvCache();
  resetRateLimiters();
});

describe("sign-in rate limits", () => {
  it("allow five links per email address per 15 minutes, case-insensitively", async () => {
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(
        await signInRateLimited(request(i % 2 ? `Bombed-${run}@Example.com` : `bombed-${run}@example.com`)),
      );
    expect(results.slice(0, 5)).toEqual([null, null, null, null, null]);
    const limited = results[5]!;
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.message).toMatch(/Too many sign-in requests/);
    expect(await signInRateLimited(request(`someone-else-${run}@example.com`))).toBeNull();
  });

  it("allow twenty requests per client IP when a proxy reports it", async () => {
    const ip = { "x-forwarded-for": `203.0.113.${(run.charCodeAt(0) % 200) + 1}, 10.0.0.1` };
    const results = [];
    for (let i = 0; i < 21; i++)
      results.push(await signInRateLimited(request(`spray${i}-${run}@example.com`, ip)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results[20]?.status).toBe(429);
    expect(
      await signInRateLimited(request(`new-${run}@example.com`, { "x-forwarded-for": "198.51.100.99" })),
    ).toBeNull();
  });

  it("never lumps unknown clients into one shared bucket", () => {
    expect(clientIp(new Headers())).toBeNull();
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
  });
});
