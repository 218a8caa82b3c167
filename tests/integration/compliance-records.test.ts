// GET /api/v1/compliance-records: one record per session created in the range, JSON lines or CSV,
// Advanced only, the workspace's own sessions only, bad ranges named; and the same record as
// `compliance` in GET /api/v1/cancel-sessions/{id}.
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as sessionRoute } from "@/app/api/v1/cancel-sessions/[id]/route";
import { GET as complianceRoute } from "@/app/api/v1/compliance-records/route";
import { GET as dashboardExport } from "@/app/dashboard/sessions/compliance-export/route";
import { db, type Prisma } from "@/lib/db";
import type { TimelineEntry } from "@/lib/domain/cancel-sessions/timeline";
import {
  COMPLIANCE_CSV_COLUMNS,
  COMPLIANCE_EXPORT_PAGE_SIZE,
  complianceExportRange,
  exportComplianceRecords,
} from "@/lib/domain/compliance/export";
import { complianceRecordSchema } from "@/lib/domain/compliance/record";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";
import { request, resetRequest } from "../helpers/signed-in-request";

// The dashboard's download runs as the signed-in member (their session and workspace cookie).
vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  expect(cell, "the file ends with CRLF").toBe("");
  const [header, ...body] = rows;
  expect(header).toEqual([...COMPLIANCE_CSV_COLUMNS]);
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const jsonl = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const at = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000).toISOString();

async function session(
  ws: Ws,
  createdAt: string,
  over: Partial<Prisma.CancelSessionUncheckedCreateInput> = {},
) {
  const id = `cs_${randomBytes(12).toString("hex")}`;
  await db.cancelSession.create({
    data: {
      id,
      workspaceId: ws.workspace.id,
      tokenHash: randomBytes(16).toString("hex"),
      userId: "cus_compliance",
      returnUrl: "https://merchant.example/account",
      createdAt: new Date(createdAt),
      expiresAt: new Date(Date.parse(createdAt) + 3_600_000),
      ...over,
    },
  });
  return id;
}

/** A §312k cancellation walked to the receipt page: one click, receipt emailed, token issued. */
async function confirmedGermanSession(ws: Ws, createdAt: string, messageId = "<m1@retentbase.test>") {
  const timeline: TimelineEntry[] = [
    { step: "created", at: at(createdAt) },
    { step: "opened", at: at(createdAt, 10) },
    {
      step: "page_shown",
      at: at(createdAt, 10),
      data: { page: "confirm", locale: "de", actions: ["cancel_now"] },
    },
    {
      step: "action",
      at: at(createdAt, 40),
      data: { action: "cancel_now", page: "confirm", accepted: true },
    },
    { step: "completed", at: at(createdAt, 40), data: { outcome: "churned" } },
    {
      step: "page_shown",
      at: at(createdAt, 41),
      data: { page: "receipt", locale: "de", actions: ["return"] },
    },
  ];
  const id = await session(ws, createdAt, {
    status: "completed",
    outcome: "churned",
    completedAt: new Date(at(createdAt, 40)),
    resultTokenIssuedAt: new Date(at(createdAt, 60)),
    complianceMode: "de_312k",
    jurisdiction: "DE",
    locale: "de",
    timeline: timeline as unknown as Prisma.InputJsonValue,
  });
  await db.receipt.create({
    data: {
      id: `rc_${randomBytes(8).toString("hex")}`,
      sessionId: id,
      workspaceId: ws.workspace.id,
      locale: "de",
      pdf: new Uint8Array([37, 80, 68, 70]),
      sha256: "0".repeat(64),
      createdAt: new Date(at(createdAt, 40)),
      emailedAt: new Date(at(createdAt, 42)),
      messageId,
    },
  });
  return id;
}

const get = (key: string | undefined, query: string) =>
  complianceRoute(apiRequest(`/api/v1/compliance-records${query}`, { apiKey: key }));

async function issues(res: Response) {
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("invalid_request");
  return (body.error.details.issues as { path: string }[]).map((i) => i.path);
}

let advanced: Ws;
let other: Ws;
let member: { id: string; email: string; name: null };
let german: string;
let recovered: string;
let sandbox: string;
let later: string;
let foreign: string;

beforeAll(async () => {
  const u = await db.user.create({
    data: { email: `compliance-${randomBytes(4).toString("hex")}@example.com` },
  });
  member = { id: u.id, email: u.email!, name: null };
  advanced = await createTestWorkspace({ plan: "advanced", ownerUserId: u.id });
  other = await createTestWorkspace({ plan: "advanced" });
  german = await confirmedGermanSession(advanced, "2026-11-02T10:00:00.000Z", '=HYPERLINK("x")');
  recovered = await session(advanced, "2026-11-05T09:00:00.000Z", {
    status: "completed",
    outcome: "recovered",
    offerShownAt: new Date("2026-11-05T09:00:20.000Z"),
    timeline: [{ step: "offer_shown", at: "2026-11-05T09:00:20.000Z", data: { label: "50 %" } }],
  });
  sandbox = await session(advanced, "2026-11-03T09:00:00.000Z", { environment: "sandbox" });
  later = await session(advanced, "2026-12-10T09:00:00.000Z");
  foreign = await confirmedGermanSession(other, "2026-11-02T11:00:00.000Z");
});

describe("GET /api/v1/compliance-records", () => {
  it("JSON lines by default: one record per prod session created in [from, to), oldest first", async () => {
    const res = await get(advanced.apiKey.key, "?from=2026-11-01&to=2026-11-30");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="retentbase-compliance-prod-2026-11-01-to-2026-11-30.jsonl"',
    );
    const records = jsonl(await res.text());
    expect(records.map((r) => r.sessionId)).toEqual([german, recovered]);
    for (const r of records) expect(complianceRecordSchema.parse(r)).toEqual(r);
    expect(records[0]).toMatchObject({
      mode: "de_312k",
      jurisdiction: "DE",
      locale: "de",
      intent: "cancel",
      pages: [
        { page: "confirm", at: "2026-11-02T10:00:10.000Z", actions: ["cancel_now"] },
        { page: "receipt", at: "2026-11-02T10:00:41.000Z", actions: ["return"] },
      ],
      clicksToConfirmation: 1,
      confirmedAt: "2026-11-02T10:00:40.000Z",
      outcome: "churned",
      offer: { shown: false, noOfferReason: null },
      receipt: { emailed: true, emailedAt: "2026-11-02T10:00:42.000Z", messageId: '=HYPERLINK("x")' },
      resultToken: { issued: true, issuedAt: "2026-11-02T10:01:00.000Z" },
    });
    expect(records[1]).toMatchObject({
      outcome: "recovered",
      clicksToConfirmation: null,
      offer: { shown: true },
      receipt: null,
    });
  });

  it("CSV: a header row, the record flattened, pages as JSON, formulas neutralised", async () => {
    const res = await get(advanced.apiKey.key, "?from=2026-11-01&to=2026-12-01T00:00:00Z&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(
      "retentbase-compliance-prod-2026-11-01-to-2026-11-30.csv",
    );
    const rows = parseCsv(await res.text());
    expect(rows.map((r) => r.sessionId)).toEqual([german, recovered]);
    expect(rows[0]).toMatchObject({
      environment: "prod",
      mode: "de_312k",
      jurisdiction: "DE",
      locale: "de",
      intent: "cancel",
      pageCount: "2",
      clicksToConfirmation: "1",
      confirmedAt: "2026-11-02T10:00:40.000Z",
      outcome: "churned",
      offerShown: "false",
      noOfferReason: "",
      receiptEmailed: "true",
      receiptMessageId: `'=HYPERLINK("x")`,
      resultTokenIssued: "true",
      resultTokenIssuedAt: "2026-11-02T10:01:00.000Z",
    });
    expect(JSON.parse(rows[0]!.pages!)).toEqual([
      { page: "confirm", at: "2026-11-02T10:00:10.000Z", actions: ["cancel_now"] },
      { page: "receipt", at: "2026-11-02T10:00:41.000Z", actions: ["return"] },
    ]);
    expect(rows[1]).toMatchObject({
      outcome: "recovered",
      clicksToConfirmation: "",
      receiptId: "",
      offerShown: "true",
    });
  });

  it("sandbox sessions with environment=sandbox, and only then", async () => {
    const res = await get(advanced.apiKey.key, "?from=2026-11-01&to=2026-11-30&environment=sandbox");
    expect(jsonl(await res.text()).map((r) => r.sessionId)).toEqual([sandbox]);
  });

  it("only the key's workspace: another workspace's sessions in the same range never appear", async () => {
    const mine = jsonl(await (await get(advanced.apiKey.key, "?from=2026-11-01&to=2026-11-30")).text());
    const theirs = jsonl(await (await get(other.apiKey.key, "?from=2026-11-01&to=2026-11-30")).text());
    expect(mine.map((r) => r.sessionId)).not.toContain(foreign);
    expect(theirs.map((r) => r.sessionId)).toEqual([foreign]);
  });

  it("Core plan: 403 plan_required; no key: 401", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const res = await get(core.apiKey.key, "?from=2026-11-01");
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("plan_required");
    expect((await get(undefined, "?from=2026-11-01")).status).toBe(401);
  });

  it("bad queries are 400s naming the field", async () => {
    const key = advanced.apiKey.key;
    expect(await issues(await get(key, ""))).toEqual(["from"]);
    expect(await issues(await get(key, "?from=yesterday"))).toEqual(["from"]);
    expect(await issues(await get(key, "?from=2026-11-01&to=2026-13-01"))).toEqual(["to"]);
    expect(await issues(await get(key, "?from=2026-11-10&to=2026-11-01"))).toEqual(["from"]);
    expect(await issues(await get(key, "?from=2026-11-10T00:00:00Z&to=2026-11-10T00:00:00Z"))).toEqual([
      "from",
    ]);
    // Far in the future, with `to` defaulting to now.
    expect(await issues(await get(key, "?from=2999-01-01"))).toEqual(["from"]);
    const tooLong = await get(key, "?from=2025-01-01&to=2026-01-03");
    expect(await issues(tooLong.clone())).toEqual(["to"]);
    expect((await tooLong.json()).error.message).toMatch(/at most 366 days/);
    expect(await issues(await get(key, "?from=2026-11-01&format=xml"))).toEqual(["format"]);
    expect(await issues(await get(key, "?from=2026-11-01&environment=staging"))).toEqual(["environment"]);
    expect(await issues(await get(key, "?from=2026-11-01&form=csv"))).toContain("form");
  });

  it("a year's range (366 days) is allowed", async () => {
    const res = await get(advanced.apiKey.key, "?from=2025-12-01&to=2026-12-01T23:59:59Z");
    expect(res.status).toBe(200);
    expect(jsonl(await res.text()).map((r) => r.sessionId)).toEqual([german, recovered]);
  });
});

describe("the range and the stream", () => {
  it("`to` defaults to now (the clock handed in)", async () => {
    const now = new Date("2026-11-04T00:00:00.000Z");
    const range = complianceExportRange({ from: "2026-11-01T00:00:00.000Z" }, now);
    expect(range).toEqual({ from: new Date("2026-11-01T00:00:00.000Z"), to: now });
    const stream = await exportComplianceRecords(advanced.workspace.id, {
      environment: "prod",
      format: "jsonl",
      range,
    });
    const text = await new Response(stream).text();
    expect(jsonl(text).map((r) => r.sessionId)).toEqual([german]);
    expect(() => complianceExportRange({ from: "2026-11-05T00:00:00.000Z" }, now)).toThrow(
      /from must be before to/,
    );
    // Months later the same from reaches the later session too.
    const inDecember = complianceExportRange(
      { from: "2026-11-01T00:00:00.000Z" },
      new Date("2026-12-31T00:00:00Z"),
    );
    const all = await new Response(
      await exportComplianceRecords(advanced.workspace.id, {
        environment: "prod",
        format: "jsonl",
        range: inDecember,
      }),
    ).text();
    expect(jsonl(all).map((r) => r.sessionId)).toEqual([german, recovered, later]);
  });

  it(`streams more than ${COMPLIANCE_EXPORT_PAGE_SIZE} sessions in keyset pages, each once`, async () => {
    const big = await createTestWorkspace({ plan: "advanced" });
    const n = 2 * COMPLIANCE_EXPORT_PAGE_SIZE + 7;
    const base = Date.UTC(2026, 10, 1);
    await db.cancelSession.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        id: `cs_big${big.workspace.id.slice(-6)}${String(i).padStart(5, "0")}`,
        workspaceId: big.workspace.id,
        tokenHash: randomBytes(16).toString("hex"),
        userId: `cus_${i}`,
        returnUrl: "https://merchant.example/account",
        // Pairs share a timestamp: the keyset must break ties by id without skipping or repeating.
        createdAt: new Date(base + Math.floor(i / 2) * 1000),
        expiresAt: new Date(base + 3_600_000),
      })),
    });
    const res = await get(big.apiKey.key, "?from=2026-11-01&to=2026-11-02");
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBe(Math.ceil(n / COMPLIANCE_EXPORT_PAGE_SIZE));
    const ids = jsonl(text).map((r) => r.sessionId as string);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect(ids).toEqual([...ids].sort());
  });
});

describe("GET /api/v1/cancel-sessions/{id}", () => {
  it("carries the same compliance record", async () => {
    const res = await sessionRoute(
      apiRequest(`/api/v1/cancel-sessions/${german}`, { apiKey: advanced.apiKey.key }),
      routeParams({ id: german }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    const exported = jsonl(await (await get(advanced.apiKey.key, "?from=2026-11-01&to=2026-11-30")).text());
    expect(body.compliance).toEqual(exported[0]);
    expect(body.compliance.receipt.messageId).toBe('=HYPERLINK("x")');
  });
});

describe("the dashboard's Export compliance records", () => {
  afterEach(() => resetRequest());

  const download = (query: string) =>
    dashboardExport(new Request(`http://localhost:3000/dashboard/sessions/compliance-export${query}`));
  /** Where a refused export sends the browser back to (redirect() throws outside Next). */
  const refusedTo = async (query: string) => {
    const err = await download(query).then(
      () => null,
      (e: unknown) => e as { digest?: string },
    );
    return err?.digest ?? "";
  };

  it("downloads the signed-in member's current workspace's records, CSV, both days included", async () => {
    request.user = member;
    request.cookies.set("rb_workspace", advanced.workspace.id);
    const res = await download("?from=2026-11-01&to=2026-11-30&format=csv&environment=prod");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(
      "retentbase-compliance-prod-2026-11-01-to-2026-11-30.csv",
    );
    expect(parseCsv(await res.text()).map((r) => r.sessionId)).toEqual([german, recovered]);
  });

  it("a workspace cookie for a workspace they are not a member of never exports it", async () => {
    request.user = member;
    request.cookies.set("rb_workspace", other.workspace.id);
    const res = await download("?from=2026-11-01&to=2026-11-30&format=jsonl");
    const ids = jsonl(await res.text()).map((r) => r.sessionId);
    expect(ids).not.toContain(foreign);
    expect(ids).toEqual([german, recovered]);
  });

  it("a Core workspace gets 403; bad dates go back to the form with the problem named", async () => {
    const u = await db.user.create({ data: { email: `core-${randomBytes(4).toString("hex")}@example.com` } });
    const core = await createTestWorkspace({ plan: "core", ownerUserId: u.id });
    request.user = { id: u.id, email: u.email!, name: null };
    request.cookies.set("rb_workspace", core.workspace.id);
    expect((await download("?from=2026-11-01")).status).toBe(403);

    request.user = member;
    request.cookies.set("rb_workspace", advanced.workspace.id);
    expect(await refusedTo("?from=")).toContain("/dashboard/sessions?export_error=from#compliance-export");
    expect(await refusedTo("?from=01.11.2026")).toContain("export_error=from");
    expect(await refusedTo("?from=2026-11-01&to=soon")).toContain("export_error=to");
    expect(await refusedTo("?from=2026-11-10&to=2026-11-01")).toContain("export_error=order");
    expect(await refusedTo("?from=2024-01-01&to=2026-11-01")).toContain("export_error=span");
    expect(await refusedTo("?from=2026-11-01&format=xlsx")).toContain("export_error=format");
  });
});
