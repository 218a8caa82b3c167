import { describe, expect, it } from "vitest";
import { isoDay, lastDay, parseRange } from "@/lib/domain/analytics/range";

// An injected clock: Wednesday 2026-03-11 15:00 UTC.
const now = new Date("2026-03-11T15:00:00Z");

describe("the dashboard's period", () => {
  it("is the last 12 weeks (through today) by default", () => {
    const r = parseRange({}, now);
    expect(r.preset).toBe("12w");
    expect(lastDay(r.to)).toBe("2026-03-11");
    expect(isoDay(r.from)).toBe("2025-12-18");
  });

  it("a preset picked in the form wins over the From/To fields it sends along", () => {
    const r = parseRange({ range: "4w", from: "2026-01-05", to: "2026-02-01" }, now);
    expect(r.preset).toBe("4w");
    expect(isoDay(r.from)).toBe("2026-02-12");
  });

  it("Custom (or no preset) uses From and To, inclusive", () => {
    for (const range of ["custom", undefined]) {
      const r = parseRange({ range, from: "2026-01-05", to: "2026-02-01" }, now);
      expect(r.preset).toBeNull();
      expect([isoDay(r.from), lastDay(r.to)]).toEqual(["2026-01-05", "2026-02-01"]);
    }
  });

  it("the last 7 days is a preset too", () => {
    const r = parseRange({ range: "7d" }, now);
    expect([isoDay(r.from), lastDay(r.to)]).toEqual(["2026-03-05", "2026-03-11"]);
  });
});
