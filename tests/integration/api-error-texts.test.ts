// What an integrator reads when a request is wrong (issue 13, §4 and §9): the environment may be
// chosen on the query or the body of a PATCH, each 409 hint says how to choose it for that method,
// and 400/415 messages name the field once, say where it was (query or body), suggest the key
// that was meant, and say what was received.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postLink } from "@/app/api/v1/cancel-link/route";
import { GET as getOne, PATCH } from "@/app/api/v1/cancellations/[eventId]/route";
import { GET as list, POST } from "@/app/api/v1/cancellations/route";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";

let key: string;
beforeAll(async () => {
  key = (await createTestWorkspace({ plan: "advanced" })).apiKey.key;
});

let seq = 0;
const uid = () => `h1_${Date.now().toString(36)}_${++seq}`;
const post = (body: unknown) => POST(apiRequest("/api/v1/cancellations", { apiKey: key, body }));
const patch = (eventId: string, body: unknown, query = "") =>
  PATCH(
    apiRequest(`/api/v1/cancellations/${eventId}${query}`, { apiKey: key, method: "PATCH", body }),
    routeParams({ eventId }),
  );
const get = (eventId: string, query = "") =>
  getOne(apiRequest(`/api/v1/cancellations/${eventId}${query}`, { apiKey: key }), routeParams({ eventId }));
const error = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("choosing the environment (§4)", () => {
  it("PATCH takes ?environment=sandbox from the query", async () => {
    const eventId = uid();
    await post({ eventId, reasonKey: "other", environment: "sandbox" });
    const res = await patch(eventId, { outcome: "recovered" }, "?environment=sandbox");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ environment: "sandbox", outcome: "recovered" });
  });

  it("PATCH with the query and the body agreeing is fine; disagreeing is a 400 naming both", async () => {
    const eventId = uid();
    await post({ eventId, reasonKey: "other", environment: "sandbox" });
    expect(
      (await patch(eventId, { outcome: "churned", environment: "sandbox" }, "?environment=sandbox")).status,
    ).toBe(200);
    const res = await patch(eventId, { outcome: "churned", environment: "prod" }, "?environment=sandbox");
    expect(res.status).toBe(400);
    const e = await error(res);
    expect(e.code).toBe("invalid_request");
    expect(e.message).toMatch(/query.*sandbox/);
    expect(e.message).toMatch(/body.*prod/);
  });

  it("each 409 hint fits its method: GET says add ?environment=, PATCH says query or body", async () => {
    const eventId = uid();
    await post({ eventId, reasonKey: "other", environment: "sandbox" });
    const g = await get(eventId);
    expect(g.status).toBe(409);
    const gm = (await error(g)).message;
    expect(gm).toContain("?environment=sandbox");
    expect(gm).not.toMatch(/body/);

    const p = await patch(eventId, { outcome: "churned" });
    expect(p.status).toBe(409);
    const pm = (await error(p)).message;
    expect(pm).toContain("?environment=sandbox");
    expect(pm).toContain('"environment": "sandbox"');
    expect(pm).toMatch(/body/);
  });
});

describe("validation messages (§9)", () => {
  it("reports unknown query parameters under the query, with a suggestion", async () => {
    const res = await list(apiRequest("/api/v1/cancellations?frm=2026-12-01T00:00:00Z", { apiKey: key }));
    expect(res.status).toBe(400);
    const m = (await error(res)).message;
    expect(m).toMatch(/^Invalid query parameters: /);
    expect(m).not.toMatch(/body/);
    expect(m).toContain("frm");
    expect(m).toContain("did you mean `from`?");
  });

  it("suggests the near-miss key in nested objects and at the top", async () => {
    const res = await post({ eventId: uid(), reasonKey: "other", context: { tenuredays: 3 }, resonKey: "x" });
    expect(res.status).toBe(400);
    const m = (await error(res)).message;
    expect(m).toContain("context.tenuredays: unknown field; did you mean `tenureDays`?");
    expect(m).toContain("resonKey: unknown field; did you mean `reasonKey`?");
  });

  it("names a missing field once", async () => {
    const res = await postLink(apiRequest("/api/v1/cancel-link", { apiKey: key, body: {} }));
    expect(res.status).toBe(400);
    const m = (await error(res)).message;
    expect(m).toBe("Invalid request body: userId is required");
    const noReason = await error(await post({ eventId: uid() }));
    expect(noReason.message.match(/reasonKey/g)).toHaveLength(1);
  });

  it("metadata errors say values are flat scalars and at most 50 keys", async () => {
    const nested = await error(
      await post({ eventId: uid(), reasonKey: "other", metadata: { plan: { id: 1 } } }),
    );
    expect(nested.message).toContain("metadata.plan");
    expect(nested.message).toMatch(/string, number, boolean or null/);
    expect(nested.message).toMatch(/flat/);
    expect(nested.message).toMatch(/at most 50 keys/);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    const tooMany = await error(await post({ eventId: uid(), reasonKey: "other", metadata: many }));
    expect(tooMany.message).toMatch(/at most 50 keys/);
    expect(tooMany.message.match(/metadata/g)).toHaveLength(1);
  });

  it("list filters accept date-only from/to: from = that day's start, to = the end of that day (UTC)", async () => {
    const ws = await createTestWorkspace({ plan: "advanced" });
    const k = ws.apiKey.key;
    for (const [eventId, occurredAt] of [
      ["before", "2026-11-30T23:59:59Z"],
      ["first", "2026-12-01T00:00:00Z"],
      ["last", "2026-12-01T23:59:59.999Z"],
      ["after", "2026-12-02T00:00:00Z"],
    ]) {
      await POST(
        apiRequest("/api/v1/cancellations", { apiKey: k, body: { eventId, reasonKey: "other", occurredAt } }),
      );
    }
    const res = await list(apiRequest("/api/v1/cancellations?from=2026-12-01&to=2026-12-01", { apiKey: k }));
    expect(res.status, await res.clone().text()).toBe(200);
    const ids = ((await res.json()) as { data: { eventId: string }[] }).data.map((e) => e.eventId);
    expect(ids.sort()).toEqual(["first", "last"]);
    const bad = await list(apiRequest("/api/v1/cancellations?from=2026-13-01", { apiKey: k }));
    expect(bad.status).toBe(400);
    expect((await error(bad)).message).toMatch(/from: .*2026-12-01/);
  });

  it("415 says what content type it received", async () => {
    const wrong = await POST(
      apiRequest("/api/v1/cancellations", {
        apiKey: key,
        rawBody: "{}",
        headers: { "content-type": "text/plain" },
      }),
    );
    expect(wrong.status).toBe(415);
    expect((await error(wrong)).message).toBe("Expected Content-Type: application/json, got text/plain");
    const none = await POST(
      new Request("http://localhost:3000/api/v1/cancellations", {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
      }),
    );
    expect(none.status).toBe(415);
    expect((await error(none)).message).toMatch(/got no Content-Type/);
  });
});
