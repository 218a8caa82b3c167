import { describe, expect, it } from "vitest";
import { didYouMean } from "@/lib/api/suggest";

const CONTEXT = ["plan", "mrr", "tenureDays"];
const FILTERS = ["environment", "outcome", "reasonKey", "userId", "from", "to", "limit", "cursor"];

describe("didYouMean", () => {
  it("suggests the key a near miss meant, ignoring case, _ and -", () => {
    expect(didYouMean("tenuredays", CONTEXT)).toBe("tenureDays");
    expect(didYouMean("tenure_days", CONTEXT)).toBe("tenureDays");
    expect(didYouMean("tenureDay", CONTEXT)).toBe("tenureDays");
    expect(didYouMean("frm", FILTERS)).toBe("from");
    expect(didYouMean("enviroment", FILTERS)).toBe("environment");
    expect(didYouMean("reason_key", FILTERS)).toBe("reasonKey");
  });

  it("suggests nothing for a key that is not close to any", () => {
    expect(didYouMean("bogus", FILTERS)).toBeNull();
    expect(didYouMean("x", FILTERS)).toBeNull();
    expect(didYouMean("anything", [])).toBeNull();
  });

  it("picks the closest of several", () => {
    expect(didYouMean("limt", ["limit", "list"])).toBe("limit");
  });
});
