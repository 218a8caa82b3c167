import { describe, expect, it } from "vitest";
import { formatDateTime, formatDateTimeSeconds } from "@/lib/dashboard/format";

const at = "2026-11-27T14:03:09Z";

describe("dashboard times: the workspace's time zone, named", () => {
  it("shows the same instant in the workspace's zone, with the zone's name", () => {
    expect(formatDateTime(at, "UTC")).toBe("27 Nov 2026, 14:03 UTC");
    expect(formatDateTime(at, "Europe/Berlin")).toBe("27 Nov 2026, 15:03 CET");
    expect(formatDateTime(new Date(at), "Australia/Sydney")).toBe("28 Nov 2026, 01:03 GMT+11");
    expect(formatDateTimeSeconds(at, "America/New_York")).toBe("27 Nov 2026, 09:03:09 GMT-5");
  });

  it("falls back to UTC, named, for a zone this runtime does not know", () => {
    expect(formatDateTime(at, "Mars/Olympus_Mons")).toBe("27 Nov 2026, 14:03 UTC");
  });
});
