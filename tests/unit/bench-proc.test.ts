import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { cpuMs, descendants, rssMb } from "../../scripts/bench/proc";

describe("the benches' /proc readers", () => {
  it("find a child, count its memory, and see CPU time grow while it works", async () => {
    // A child that burns 300 ms of CPU time (not wall time: the machine may be busy), then waits.
    const child = spawn(process.execPath, [
      "-e",
      "const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const t = cpu(); while (cpu() - t < 300); console.log('spun'); setInterval(() => {}, 1000)",
    ]);
    try {
      await once(child.stdout!, "data");
      expect(descendants(process.pid)).toContain(child.pid);
      expect(rssMb(child.pid!)).toBeGreaterThan(10);
      expect(cpuMs(child.pid!)).toBeGreaterThanOrEqual(290);
    } finally {
      child.kill();
    }
  });
});
