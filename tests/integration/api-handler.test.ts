import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as getWorkspace } from "@/app/api/v1/workspace/route";
import { ApiError } from "@/lib/api/errors";
import { json, withWorkspace } from "@/lib/api/handler";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { db } from "@/lib/db";
import { revokeApiKey } from "@/lib/domain/workspaces/api-keys";
import { resetEnvCache } from "@/lib/env";
import { apiRequest, createTestWorkspace } from "../helpers/factories";

// The in-process limiter is tested by default; the Redis one when the run has a Redis (CI does).
const REDIS_URL = process.env.REDIS_URL;
delete process.env.REDIS_URL;

// A route as later issues will write them: strict body, a plan gate, a write.
const echo = withWorkspace(
  {
    feature: "custom_api",
    body: z.strictObject({
      eventId: z.string().regex(/^[A-Za-z0-9_.:-]{1,255}$/),
      count: z.number().int().optional(),
    }),
  },
  async ({ body, workspace }) => json({ got: body, workspaceId: workspace.id }, 201),
);
const boom = withWorkspace({}, async () => {
  throw new Error("secret internal detail at /srv/app.ts:12");
});
const conflict = withWorkspace({}, async () => {
  throw new ApiError("environment_mismatch", "Event exists in sandbox");
});

let advanced: Awaited<ReturnType<typeof createTestWorkspace>>;
beforeAll(async () => {
  advanced = await createTestWorkspace({ plan: "advanced" });
});
afterEach(() => {
  delete process.env.RATE_LIMIT_PER_MINUTE;
  delete process.env.REDIS_URL;
  resetEnvCache();
  resetRateLimiters();
});

async function body(res: Response) {
  return (await res.json()) as { error?: { code: string; message: string; details?: unknown } } & Record<
    string,
    unknown
  >;
}

describe("API key authentication", () => {
  it("answers 401 with the error shape and a request id when the key is missing", async () => {
    const res = await getWorkspace(apiRequest("/api/v1/workspace"));
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const b = await body(res);
    expect(b.error?.code).toBe("unauthorized");
    expect(b.error?.message).toMatch(/Missing API key/);
  });

  it("accepts the key as Bearer or as x-api-key", async () => {
    const bearer = await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: advanced.apiKey.key }));
    expect(bearer.status).toBe(200);
    expect((await body(bearer)).workspace).toMatchObject({ id: advanced.workspace.id, plan: "advanced" });
    const header = await getWorkspace(
      apiRequest("/api/v1/workspace", { headers: { "x-api-key": advanced.apiKey.key } }),
    );
    expect(header.status).toBe(200);
  });

  it("refuses an unknown key, a revoked key and two different keys", async () => {
    const unknown = await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: "rb_live_nope" }));
    expect(unknown.status).toBe(401);

    const other = await createTestWorkspace();
    const both = await getWorkspace(
      apiRequest("/api/v1/workspace", {
        apiKey: advanced.apiKey.key,
        headers: { "x-api-key": other.apiKey.key },
      }),
    );
    expect(both.status).toBe(401);
    expect((await body(both)).error?.message).toMatch(/different keys/);

    await revokeApiKey({ keyId: other.apiKey.id });
    const revoked = await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: other.apiKey.key }));
    expect(revoked.status).toBe(401);
    expect((await body(revoked)).error?.message).toMatch(/revoked/);
  });

  it("stores only the SHA-256 hash of a key and records when it was used", async () => {
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: advanced.apiKey.id } });
    expect(row.hashedKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(advanced.apiKey.key);
    await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: advanced.apiKey.key }));
    await expect
      .poll(async () => (await db.apiKey.findUniqueOrThrow({ where: { id: advanced.apiKey.id } })).lastUsedAt)
      .not.toBeNull();
  });
});

describe("request checks", () => {
  it("answers 415 unless the body is declared as JSON", async () => {
    const res = await echo(
      apiRequest("/x", {
        apiKey: advanced.apiKey.key,
        rawBody: "eventId=1",
        headers: { "content-type": "text/plain" },
      }),
    );
    expect(res.status).toBe(415);
    expect((await body(res)).error?.code).toBe("unsupported_media_type");
    const withCharset = await echo(
      apiRequest("/x", {
        apiKey: advanced.apiKey.key,
        body: { eventId: "a" },
        headers: { "content-type": "application/json; charset=utf-8" },
      }),
    );
    expect(withCharset.status).toBe(201);
  });

  it("answers 413 for a body over 64 KB", async () => {
    const res = await echo(
      apiRequest("/x", {
        apiKey: advanced.apiKey.key,
        rawBody: JSON.stringify({ eventId: "a".repeat(70_000) }),
      }),
    );
    expect(res.status).toBe(413);
    expect((await body(res)).error?.code).toBe("payload_too_large");
  });

  it("answers 400 for malformed JSON and for an empty body", async () => {
    const bad = await echo(apiRequest("/x", { apiKey: advanced.apiKey.key, rawBody: '{"eventId":' }));
    expect(bad.status).toBe(400);
    expect((await body(bad)).error?.code).toBe("invalid_json");
    const empty = await echo(apiRequest("/x", { apiKey: advanced.apiKey.key, rawBody: "" }));
    expect(empty.status).toBe(400);
  });

  it("answers 400 naming the invalid field and rejects unknown fields", async () => {
    const invalid = await echo(
      apiRequest("/x", { apiKey: advanced.apiKey.key, body: { eventId: "has spaces" } }),
    );
    expect(invalid.status).toBe(400);
    const b = await body(invalid);
    expect(b.error?.code).toBe("invalid_request");
    expect(b.error?.message).toContain("eventId");
    expect(b.error?.details).toMatchObject({ issues: [{ path: "eventId" }] });

    const typo = await echo(
      apiRequest("/x", { apiKey: advanced.apiKey.key, body: { eventId: "a", cuont: 1 } }),
    );
    expect(typo.status).toBe(400);
    expect((await body(typo)).error?.message).toContain("cuont");
  });
});

describe("workspace gates", () => {
  it("answers 403 plan_required on Core for an Advanced feature", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const res = await echo(apiRequest("/x", { apiKey: core.apiKey.key, body: { eventId: "a" } }));
    expect(res.status).toBe(403);
    expect((await body(res)).error).toMatchObject({
      code: "plan_required",
      details: { requiredPlan: "advanced" },
    });
  });

  it("refuses writes from the demo workspace with 403 and keeps its reads", async () => {
    const demo = await createTestWorkspace({ isDemo: true });
    const write = await echo(apiRequest("/x", { apiKey: demo.apiKey.key, body: { eventId: "a" } }));
    expect(write.status).toBe(403);
    expect((await body(write)).error?.code).toBe("demo_workspace");
    expect((await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: demo.apiKey.key }))).status).toBe(
      200,
    );
  });

  it("answers 402 to writes once the subscription has ended, reads still work", async () => {
    const lapsed = await createTestWorkspace({ subscription: "expired" });
    const write = await echo(apiRequest("/x", { apiKey: lapsed.apiKey.key, body: { eventId: "a" } }));
    expect(write.status).toBe(402);
    expect((await body(write)).error?.code).toBe("subscription_inactive");
    const read = await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: lapsed.apiKey.key }));
    expect(read.status).toBe(200);
    expect((await body(read)).workspace).toMatchObject({ access: "read_only" });
  });
});

describe("errors", () => {
  it("renders a thrown ApiError with its status", async () => {
    const res = await conflict(apiRequest("/x", { apiKey: advanced.apiKey.key }));
    expect(res.status).toBe(409);
    expect(await body(res)).toEqual({
      error: { code: "environment_mismatch", message: "Event exists in sandbox" },
    });
  });

  it("turns an unexpected error into a generic 500 that leaks nothing", async () => {
    const res = await boom(apiRequest("/x", { apiKey: advanced.apiKey.key }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret internal detail");
    expect(text).not.toContain("app.ts");
    expect(JSON.parse(text).error.message).toContain(res.headers.get("x-request-id"));
  });
});

async function expectLimitedAfter(limit: number, key: string) {
  process.env.RATE_LIMIT_PER_MINUTE = String(limit);
  resetEnvCache();
  resetRateLimiters();
  for (let i = 0; i < limit; i++) {
    const ok = await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: key }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-remaining")).toBe(String(limit - i - 1));
  }
  const limited = await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: key }));
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await body(limited)).error?.code).toBe("rate_limited");
}

/**
 * Upstash's sliding window counts the previous UTC minute only in part (rounded down): a burst across
 * the turn of a minute would be under-counted. Waits for the next minute when the turn is close.
 */
async function clearOfMinuteTurn(marginMs = 5_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe("rate limits", () => {
  it("limits each key per minute in process and answers 429 with Retry-After", async () => {
    const ws = await createTestWorkspace();
    await expectLimitedAfter(3, ws.apiKey.key);
    // Another key has its own budget.
    const other = await createTestWorkspace();
    expect((await getWorkspace(apiRequest("/api/v1/workspace", { apiKey: other.apiKey.key }))).status).toBe(
      200,
    );
  });

  it.skipIf(!REDIS_URL)("limits through @upstash/ratelimit over the local Redis", async () => {
    process.env.REDIS_URL = REDIS_URL;
    const ws = await createTestWorkspace();
    await clearOfMinuteTurn();
    await expectLimitedAfter(4, ws.apiKey.key);
  });
});
