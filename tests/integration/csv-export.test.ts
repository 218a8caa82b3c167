// GET /api/v1/cancellations/export: RFC 4180 CSV, formula injection neutralised, filters, the
// Advanced plan gate, read-only access, and a stream of keyset pages rather than one big read.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv, PATCH as patchExport } from "@/app/api/v1/cancellations/export/route";
import { db, Prisma } from "@/lib/db";
import { EXPORT_PAGE_SIZE } from "@/lib/domain/cancellations/export";
import { apiRequest, createTestWorkspace } from "../helpers/factories";

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
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
  return rows;
}

const records = (rows: string[][]) => {
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
};

let advanced: Awaited<ReturnType<typeof createTestWorkspace>>;
let seq = 0;

async function event(workspaceId: string, e: Partial<Prisma.CancellationEventCreateManyInput> = {}) {
  seq++;
  await db.cancellationEvent.create({
    data: {
      id: `ce_csv${seq}`,
      workspaceId,
      eventId: `csv_${seq}`,
      source: "api",
      reasonKey: "too_expensive",
      occurredAt: new Date(Date.UTC(2026, 9, 1) + seq * 60_000),
      ...e,
    },
  });
}

const get = (key: string, query = "") =>
  exportCsv(apiRequest(`/api/v1/cancellations/export${query}`, { apiKey: key }));

async function csvOf(res: Response) {
  expect(res.status).toBe(200);
  return records(parseCsv(await res.text()));
}

beforeAll(async () => {
  advanced = await createTestWorkspace({ plan: "advanced" });
  const ws = advanced.workspace.id;
  await event(ws, {
    eventId: "tricky",
    userId: `=HYPERLINK("https://evil.example","click")`,
    reasonText: `He said "no, thanks",\r\nthen left`,
    offerType: "discount",
    offerLabel: "@SUM(A1:A9)",
    offerAccepted: true,
    outcome: "recovered",
    plan: "+pro",
    mrr: new Prisma.Decimal("129.50"),
    tenureDays: 42,
    metadata: { note: "-1+1", ok: true },
  });
  await event(ws, { eventId: "churned_1", outcome: "churned", reasonKey: "not_using" });
  await event(ws, { eventId: "pending_1", outcome: null });
  await event(ws, { eventId: "sandbox_1", environment: "sandbox", outcome: "churned" });
  await event(ws, { eventId: "late_1", outcome: "churned", occurredAt: new Date("2026-12-01T00:00:00Z") });
});

describe("GET /api/v1/cancellations/export", () => {
  it("answers a CSV attachment named for the environment and day", async () => {
    const res = await get(advanced.apiKey.key);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="retentbase-cancellations-prod-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual([
      "id",
      "eventId",
      "environment",
      "source",
      "occurredAt",
      "userId",
      "reasonKey",
      "reasonLabel",
      "reasonText",
      "outcome",
      "outcomeEffectiveAt",
      "offerType",
      "offerLabel",
      "offerAccepted",
      "offerTerms",
      "noOfferReason",
      "experimentId",
      "variant",
      "saveBrokenAt",
      "plan",
      "mrr",
      "currency",
      "tenureDays",
      "metadata",
      "createdAt",
      "updatedAt",
    ]);
    // Prod only by default, newest first.
    expect(records(rows).map((r) => r.eventId)).toEqual(["late_1", "pending_1", "churned_1", "tricky"]);
  });

  it("quotes per RFC 4180 and neutralises cells a spreadsheet would run as formulas", async () => {
    const res = await get(advanced.apiKey.key, "?reasonKey=too_expensive&outcome=recovered");
    const raw = await res.clone().text();
    expect(raw).toContain(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    const [tricky] = await csvOf(res);
    expect(tricky).toMatchObject({
      eventId: "tricky",
      userId: `'=HYPERLINK("https://evil.example","click")`,
      reasonText: `He said "no, thanks",\r\nthen left`,
      reasonLabel: "It's too expensive",
      offerLabel: "'@SUM(A1:A9)",
      offerAccepted: "true",
      plan: "'+pro",
      mrr: "129.5",
      currency: "USD",
      tenureDays: "42",
      outcome: "recovered",
    });
    expect(JSON.parse(tricky!.metadata!)).toEqual({ note: "-1+1", ok: true });
  });

  it("filters by environment, outcome (pending too), reason and date range", async () => {
    const key = advanced.apiKey.key;
    expect((await csvOf(await get(key, "?environment=sandbox"))).map((r) => r.eventId)).toEqual([
      "sandbox_1",
    ]);
    expect((await csvOf(await get(key, "?outcome=pending"))).map((r) => [r.eventId, r.outcome])).toEqual([
      ["pending_1", "pending"],
    ]);
    expect((await csvOf(await get(key, "?reasonKey=not_using"))).map((r) => r.eventId)).toEqual([
      "churned_1",
    ]);
    expect(
      (await csvOf(await get(key, "?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z"))).map(
        (r) => r.eventId,
      ),
    ).toEqual(["pending_1", "churned_1", "tricky"]);
    // Nothing matches: just the header.
    expect(parseCsv(await (await get(key, "?reasonKey=nope")).text())).toHaveLength(1);
  });

  it("answers bad filters with a 400 that names them", async () => {
    const key = advanced.apiKey.key;
    const bad = await get(key, "?from=yesterday");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain("from");
    expect((await get(key, "?to=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00Z")).status).toBe(400);
    expect((await get(key, "?limit=5")).status).toBe(400);
    expect((await get(key, "?environment=staging")).status).toBe(400);
  });

  it("is Advanced only: 403 plan_required on Core; 401 without a key", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const res = await get(core.apiKey.key);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: "plan_required" });
    expect((await exportCsv(apiRequest("/api/v1/cancellations/export"))).status).toBe(401);
  });

  it("is a read: it works for a read-only (expired) workspace", async () => {
    const expired = await createTestWorkspace({ plan: "advanced", subscription: "expired" });
    await event(expired.workspace.id, { eventId: "old_1" });
    expect((await csvOf(await get(expired.apiKey.key))).map((r) => r.eventId)).toEqual(["old_1"]);
  });

  it("never shows another workspace's events", async () => {
    const other = await createTestWorkspace({ plan: "advanced" });
    expect(parseCsv(await (await get(other.apiKey.key)).text())).toHaveLength(1);
  });

  it(`streams more than ${EXPORT_PAGE_SIZE.toLocaleString("en-US")} rows in keyset pages, each once`, async () => {
    const big = await createTestWorkspace({ plan: "advanced" });
    const n = 2 * EXPORT_PAGE_SIZE + 345;
    const base = Date.UTC(2026, 0, 1);
    await db.cancellationEvent.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        id: `ce_big${String(i).padStart(5, "0")}`,
        workspaceId: big.workspace.id,
        eventId: `big_${i}`,
        source: "api" as const,
        reasonKey: "too_expensive",
        outcome: "churned" as const,
        // Pairs share a timestamp: the keyset must break ties by id without skipping or repeating.
        occurredAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    });
    const res = await get(big.apiKey.key);
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
    // The header, then one chunk per page.
    expect(chunks).toBe(1 + Math.ceil(n / EXPORT_PAGE_SIZE));
    const rows = records(parseCsv(text));
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(n);
    expect(rows[0]!.eventId).toBe(`big_${n - 1}`);
    expect(rows.at(-1)!.eventId).toBe("big_0");
  });

  it("still lets PATCH reach an event whose eventId is literally `export`", async () => {
    await event(advanced.workspace.id, { eventId: "export", outcome: null });
    const res = await patchExport(
      apiRequest("/api/v1/cancellations/export", {
        method: "PATCH",
        apiKey: advanced.apiKey.key,
        body: { outcome: "recovered" },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ eventId: "export", outcome: "recovered" });
  });
});
