import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatDateTime,
  formatDateTimeSeconds,
  money,
  mrrBandLabel,
} from "@/lib/dashboard/format";

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

describe("dashboard money: the workspace's currency, formatted by Intl", () => {
  it("shows one amount exactly, with cents only when it has them", () => {
    expect(formatAmount(129, "USD")).toBe("$129");
    expect(formatAmount(1249.5, "EUR")).toBe("€1,249.50");
    expect(formatAmount(1249.5, "JPY")).toBe("¥1,250");
    expect(formatAmount(null, "USD")).toBe("—");
  });

  it("shows totals in whole units, and an unknown code as USD rather than throwing", () => {
    expect(money(6517.4, "GBP")).toBe("£6,517");
    expect(money(6517, "XXXX")).toBe("$6,517");
  });

  it("puts the currency on MRR band labels", () => {
    expect(mrrBandLabel("25–100", "EUR")).toBe("€25–€100");
    expect(mrrBandLabel("≥ 2,000", "USD")).toBe("≥ $2,000");
    expect(mrrBandLabel("unknown", "USD")).toBe("unknown");
  });
});
