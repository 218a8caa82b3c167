import v8 from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tuneHeap } from "@/lib/ops/heap";

describe("heap tuning", () => {
  afterEach(() => vi.restoreAllMocks());

  it("sets V8's heap growing factor to the configured percentage", () => {
    const set = vi.spyOn(v8, "setFlagsFromString").mockImplementation(() => {});
    tuneHeap(100);
    expect(set).toHaveBeenCalledWith("--heap-growing-percent=100");
  });

  it("leaves V8's own heuristics alone at 0", () => {
    const set = vi.spyOn(v8, "setFlagsFromString").mockImplementation(() => {});
    tuneHeap(0);
    expect(set).not.toHaveBeenCalled();
  });
});
