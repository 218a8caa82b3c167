import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { closeDb, db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { apiRequest, createTestWorkspace } from "../helpers/factories";

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

  it("counts only the webhook deliveries already due, whatever the database's timezone", async () => {
    withEnv({ HEALTH_TOKEN: TOKEN });
    const { workspace } = await createTestWorkspace({ plan: "advanced" });
    const workspaceId = workspace.id;
    const endpoint = await db.webhookEndpoint.create({
      data: { id: "we_health", workspaceId, url: "https://hooks.merchant.example/rb" },
    });
    const hour = 3_600_000;
    // Due two hours ago, and due in two hours: only the first is backlog.
    for (const [id, offset] of [
      ["evt_health_due", -2 * hour],
      ["evt_health_later", 2 * hour],
    ] as const) {
      await db.webhookEvent.create({
        data: { id, workspaceId, type: "cancellation.created", payload: "{}" },
      });
      await db.webhookDelivery.create({
        data: {
          workspaceId,
          webhookEventId: id,
          endpointId: endpoint.id,
          status: "failed",
          nextAttemptAt: new Date(Date.now() + offset),
        },
      });
    }
    const database = process.env.TEST_DATABASE_NAME!;
    try {
      for (const zone of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
        await db.$executeRawUnsafe(`alter database "${database}" set timezone to '${zone}'`);
        await closeDb(); // new connections take the database's setting
        const res = await GET(apiRequest("/api/health", { headers: { authorization: `Bearer ${TOKEN}` } }));
        expect((await res.json()).checks.webhookBacklog, zone).toMatchObject({
          status: "ok",
          detail: { due: 1 },
        });
      }
    } finally {
      await db.$executeRawUnsafe(`alter database "${database}" reset timezone`);
      await closeDb();
      await db.webhookEndpoint.delete({ where: { id: endpoint.id } });
    }
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
