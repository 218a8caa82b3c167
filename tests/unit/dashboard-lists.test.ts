import { describe, expect, it } from "vitest";
import {
  hasEventFilters,
  hrefWith,
  parseEventListParams,
  parseSessionListParams,
} from "@/lib/dashboard/list-params";
import { readableTimeline } from "@/lib/domain/cancel-sessions/readable-timeline";
import { decodeKeysetCursor, encodeKeysetCursor, keysetPage } from "@/lib/domain/keyset-cursor";

describe("event list filters from the URL", () => {
  it("reads every filter; the end date counts the whole day", () => {
    const { params, filters, problems } = parseEventListParams({
      environment: "sandbox",
      outcome: "pending",
      reason: "too_expensive",
      source: "hosted",
      user: " cus_1 ",
      from: "2026-10-01",
      to: "2026-10-31",
    });
    expect(problems).toEqual([]);
    expect(params).toMatchObject({
      environment: "sandbox",
      outcome: "pending",
      user: "cus_1",
      to: "2026-10-31",
    });
    expect(filters).toEqual({
      environment: "sandbox",
      outcome: "pending",
      reasonKey: "too_expensive",
      source: "hosted",
      userId: "cus_1",
      from: new Date("2026-10-01T00:00:00Z"),
      to: new Date("2026-11-01T00:00:00Z"),
    });
    expect(hasEventFilters(params)).toBe(true);
  });

  it("defaults to prod with no filters", () => {
    const { params, filters, after, problems } = parseEventListParams({});
    expect(filters).toEqual({ environment: "prod" });
    expect(after).toBeUndefined();
    expect(problems).toEqual([]);
    expect(hasEventFilters(params)).toBe(false);
  });

  it("drops what it cannot use and says so, instead of failing the page", () => {
    const { filters, problems } = parseEventListParams({
      environment: "staging",
      outcome: "lost",
      source: ["web", "api"],
      from: "2026-02-30",
      to: "yesterday",
      cursor: "not-a-cursor",
    });
    expect(filters).toEqual({ environment: "prod" });
    expect(problems).toHaveLength(5);
    expect(problems.join(" ")).toMatch(/outcome “lost”.*source “web”.*start date.*end date.*first page/);
  });

  it("ignores a reversed date range", () => {
    const { params, filters, problems } = parseEventListParams({ from: "2026-10-31", to: "2026-10-01" });
    expect(filters.from).toBeUndefined();
    expect(filters.to).toBeUndefined();
    expect(params.from).toBeUndefined();
    expect(problems).toEqual(["The start date was after the end date, so the dates were ignored."]);
  });

  it("keeps a valid cursor as the keyset position", () => {
    const cursor = encodeKeysetCursor(new Date("2026-10-01T00:00:00Z"), "ce_1");
    expect(parseEventListParams({ cursor }).after).toEqual({
      at: new Date("2026-10-01T00:00:00Z"),
      id: "ce_1",
    });
  });
});

describe("session list filters from the URL", () => {
  it("reads status and environment; all environments by default", () => {
    expect(parseSessionListParams({ status: "expired", environment: "sandbox" }).filters).toEqual({
      status: "expired",
      environment: "sandbox",
    });
    expect(parseSessionListParams({}).filters).toEqual({ status: undefined, environment: undefined });
    expect(parseSessionListParams({ status: "done" }).problems).toEqual([
      "Ignored the unknown status “done”.",
    ]);
  });
});

describe("keyset cursors", () => {
  it("round-trip, and refuse anything else", () => {
    const c = encodeKeysetCursor(new Date("2026-11-27T10:00:00.123Z"), "cs_abc");
    expect(decodeKeysetCursor(c)).toEqual({ at: new Date("2026-11-27T10:00:00.123Z"), id: "cs_abc" });
    for (const bad of [
      "",
      "x",
      Buffer.from("[1,2]").toString("base64url"),
      Buffer.from('["nope","a"]').toString("base64url"),
    ]) {
      expect(decodeKeysetCursor(bad)).toBeNull();
    }
  });

  it("a page of limit+1 rows keeps limit and points after the last kept row", () => {
    const rows = [3, 2, 1].map((n) => ({ id: `r${n}`, at: new Date(n * 1000) }));
    const { page, hasMore, nextCursor } = keysetPage(rows, 2, (r) => r.at);
    expect(page.map((r) => r.id)).toEqual(["r3", "r2"]);
    expect(hasMore).toBe(true);
    expect(decodeKeysetCursor(nextCursor!)).toEqual({ at: new Date(2000), id: "r2" });
    expect(keysetPage(rows, 3, (r) => r.at)).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it("hrefWith skips empty values", () => {
    expect(hrefWith("/dashboard/events", { environment: "sandbox", outcome: undefined, user: "" })).toBe(
      "/dashboard/events?environment=sandbox",
    );
    expect(hrefWith("/dashboard/events", {})).toBe("/dashboard/events");
  });
});

describe("a session's readable timeline", () => {
  const label = (key: string) => ({ too_expensive: "It's too expensive" })[key] ?? key;
  const base = {
    returnHost: "https://app.merchant.example",
    expiresAt: "2026-11-27T11:00:00.000Z",
    resultToken: { issuedAt: null, verifiedAt: null },
  };

  it("tells a finished session in order, with the result token's issue and verification", () => {
    const items = readableTimeline(
      {
        ...base,
        status: "completed",
        outcome: "recovered",
        timeline: [
          { step: "created", at: "2026-11-27T10:00:00.000Z" },
          { step: "opened", at: "2026-11-27T10:00:05.000Z" },
          { step: "reason_selected", at: "2026-11-27T10:00:09.000Z", data: { reasonKey: "too_expensive" } },
          {
            step: "offer_shown",
            at: "2026-11-27T10:00:09.500Z",
            data: { offerId: "o1", type: "discount", label: "30% off" },
          },
          { step: "offer_accepted", at: "2026-11-27T10:00:12.000Z", data: { offerId: "o1" } },
          { step: "completed", at: "2026-11-27T10:00:12.000Z", data: { outcome: "recovered" } },
        ],
        resultToken: { issuedAt: "2026-11-27T10:00:12.000Z", verifiedAt: "2026-11-27T10:00:14.000Z" },
      },
      label,
    );
    expect(items.map((i) => i.title)).toEqual([
      "Cancel link created",
      "Customer opened the link",
      "Reason chosen",
      "Offer shown",
      "Offer accepted",
      "Completed: customer stayed",
      "Result token issued",
      "Result token verified",
    ]);
    expect(items[2]!.detail).toBe("It's too expensive (too_expensive)");
    expect(items[3]!.detail).toBe("30% off (discount)");
    expect(items[6]!.detail).toContain("https://app.merchant.example");
    expect(items.some((i) => i.upcoming)).toBe(false);
  });

  it("shows when a live link will expire, and what an expiry recorded", () => {
    const live = readableTimeline(
      {
        ...base,
        status: "opened",
        outcome: null,
        timeline: [{ step: "created", at: "2026-11-27T10:00:00.000Z" }],
      },
      label,
    );
    expect(live.at(-1)).toMatchObject({ title: "Link expires", upcoming: true });

    const abandoned = readableTimeline(
      {
        ...base,
        status: "expired",
        outcome: "abandoned",
        timeline: [
          { step: "created", at: "2026-11-27T10:00:00.000Z" },
          { step: "opened", at: "2026-11-27T10:01:00.000Z" },
          { step: "expired", at: "2026-11-27T11:00:30.000Z" },
        ],
      },
      label,
    );
    expect(abandoned.at(-1)!.detail).toMatch(/abandoned/);
    expect(abandoned.some((i) => i.upcoming)).toBe(false);
  });
});
