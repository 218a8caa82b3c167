import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { endpointReference } from "@/lib/openapi/reference";

const reference = endpointReference(buildOpenApiDocument("https://api.example.test"));
const endpoint = (method: string, path: string) => {
  const found = reference.find((e) => e.method === method && e.path === path);
  if (!found) throw new Error(`${method} ${path} is not in the reference`);
  return found;
};

describe("the dashboard's endpoint reference, read from the OpenAPI document", () => {
  it("lists every operation of the document, each with its plan", () => {
    const doc = buildOpenApiDocument("https://api.example.test");
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item));
    expect(reference).toHaveLength(operations.length);
    expect(reference.map((e) => `${e.method} ${e.path} ${e.plan}`)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/cancel-link core",
        "POST /api/v1/cancel-results/verify core",
        "GET /api/v1/cancel-sessions/{id} advanced",
        "GET /api/v1/cancellations advanced",
        "POST /api/v1/cancellations advanced",
        "GET /api/v1/cancellations/{eventId} advanced",
        "PATCH /api/v1/cancellations/{eventId} advanced",
        "GET /api/v1/workspace core",
      ]),
    );
    for (const e of reference) expect(e.summary, `${e.method} ${e.path}`).not.toBe("");
  });

  it("flattens request bodies into the guide's field rows", () => {
    const post = endpoint("POST", "/api/v1/cancellations");
    const row = (name: string) => post.bodyFields.find((f) => f.name === name);
    expect(post.bodyFields.map((f) => f.name)).toEqual([
      "environment",
      "eventId",
      "userId",
      "reasonKey",
      "outcome",
      "offer.type",
      "offer.accepted",
      "offer.label",
      "offer.terms",
      "reasonText",
      "context.plan",
      "context.mrr",
      "context.tenureDays",
      "occurredAt",
      "metadata",
    ]);
    expect(row("environment")).toMatchObject({ type: '"prod" | "sandbox"', required: false });
    expect(row("eventId")).toMatchObject({ type: "string", required: true });
    expect(row("reasonKey")?.description).toMatch(/enabled reason key/);
    expect(row("outcome")?.type).toBe('"churned" | "recovered" | "abandoned"');
    expect(row("offer.type")).toMatchObject({
      type: '"none" | "discount" | "pause" | "plan_change" | "extension"',
      required: false,
    });
    expect(row("offer.accepted")?.description).toMatch(/Default: false\./);
    expect(row("context.tenureDays")?.type).toBe("integer");
    expect(row("occurredAt")?.type).toBe("string (ISO date-time)");
    expect(row("metadata")?.type).toBe("object");
    expect(post.responses.map((r) => r.status)).toEqual([
      "200",
      "201",
      "400",
      "401",
      "402",
      "403",
      "413",
      "415",
      "429",
    ]);
  });

  it("keeps path and query parameters apart", () => {
    const patch = endpoint("PATCH", "/api/v1/cancellations/{eventId}");
    expect(patch.pathParameters).toEqual([
      expect.objectContaining({ name: "eventId", required: true, type: "string" }),
    ]);
    expect(patch.bodyFields.find((f) => f.name === "outcome")).toMatchObject({
      type: '"churned" | "recovered"',
      required: true,
    });
    const list = endpoint("GET", "/api/v1/cancellations");
    expect(list.queryParameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "environment",
        "outcome",
        "reasonKey",
        "userId",
        "from",
        "to",
        "limit",
        "cursor",
      ]),
    );
    expect(list.pathParameters).toEqual([]);
    const link = endpoint("POST", "/api/v1/cancel-link");
    expect(link.bodyFields.filter((f) => f.required).map((f) => f.name)).toEqual(["userId"]);
    expect(link.responses.find((r) => r.status === "409")?.description).toMatch(/default return URL/);
  });
});

describe("issue 13 §4, §9, §10 in the reference", () => {
  it("documents GET /api/v1/workspace with its response fields", () => {
    const e = endpoint("GET", "/api/v1/workspace");
    expect(e.summary).toMatch(/workspace this API key belongs to/);
    expect(e.responses.map((r) => r.status)).toEqual(expect.arrayContaining(["200", "401"]));
  });

  it("PATCH takes environment from the query or the body; GET from the query", () => {
    const patch = endpoint("PATCH", "/api/v1/cancellations/{eventId}");
    expect(patch.queryParameters.map((p) => p.name)).toEqual(["environment"]);
    expect(patch.bodyFields.find((f) => f.name === "environment")?.required).toBe(false);
    expect(patch.description).toMatch(/query/);
    expect(endpoint("GET", "/api/v1/cancellations/{eventId}").queryParameters.map((p) => p.name)).toEqual([
      "environment",
    ]);
  });

  it("says a date alone is accepted in list filters, and what it means", () => {
    const list = endpoint("GET", "/api/v1/cancellations");
    const from = list.queryParameters.find((p) => p.name === "from")!;
    const to = list.queryParameters.find((p) => p.name === "to")!;
    expect(from.type).toContain("string (date, UTC)");
    expect(from.description).toMatch(/that day's start/);
    expect(to.description).toMatch(/whole day/);
  });
});
