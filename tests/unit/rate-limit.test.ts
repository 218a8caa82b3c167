import { describe, expect, it, vi } from "vitest";
import { InProcessLimiter } from "@/lib/api/rate-limit";

describe("in-process rate limiter", () => {
  it("allows the limit per window, then refuses until the window slides", async () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date("2026-11-27T00:00:00Z"));
      const limiter = new InProcessLimiter(2, 60_000);
      expect((await limiter.limit("a")).success).toBe(true);
      expect((await limiter.limit("a")).remaining).toBe(0);
      const refused = await limiter.limit("a");
      expect(refused.success).toBe(false);
      expect(refused.reset).toBe(Date.now() + 60_000);
      expect((await limiter.limit("b")).success).toBe(true);
      vi.advanceTimersByTime(60_001);
      expect((await limiter.limit("a")).success).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
