import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { resetEnvCache } from "@/lib/env";
import { apiRequest } from "../helpers/factories";

const TOKEN = "health-token-0123456789";

afterEach(() => {
  delete process.env.HEALTH_TOKEN;
  delete process.env.REDIS_URL;
  resetEnvCache();
  resetRateLimiters();
});

function withEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvCache();
}

describe("GET /api/health", () => {
  it("answers 200 ok without touching dependencies", async () => {
    const res = await GET(apiRequest("/api/health"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("ok");
    expect(body.checks).toBeUndefined();
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("checks the database with the health token", async () => {
    withEnv({ HEALTH_TOKEN: TOKEN });
    const res = await GET(apiRequest("/api/health", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.webhookBacklog).toMatchObject({ status: "ok", detail: { due: 0 } });
  });

  it("answers 401 to a wrong token, and to any token when none is configured", async () => {
    withEnv({ HEALTH_TOKEN: TOKEN });
    const wrong = await GET(
      apiRequest("/api/health", { headers: { authorization: "Bearer health-token-0123456780" } }),
    );
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("unauthorized");
    delete process.env.HEALTH_TOKEN;
    resetEnvCache();
    const unset = await GET(apiRequest("/api/health", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(unset.status).toBe(401);
  });

  it("answers 503 naming the failing dependency", async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    withEnv({ HEALTH_TOKEN: TOKEN, REDIS_URL: "redis://127.0.0.1:1" });
    const res = await GET(apiRequest("/api/health", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.status).toBe("error");
    expect(body.checks.redis.status).toBe("error");
    expect(body.checks.database.status).toBe("ok");
  });
});
