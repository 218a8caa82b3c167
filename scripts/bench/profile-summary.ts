// Reads a V8 `.cpuprofile` (node --cpu-prof) and prints where the time went: idle vs busy, then the
// busy time by package (or app file) and by function, self time. For the README's profile findings.
// usage: npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top=25]
import { readFileSync } from "node:fs";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Which package (or app source area) a script URL belongs to. */
export function areaOf(url: string): string {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return url;
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (pkg === "next") return `next/${rest.slice(1, 4).join("/")}`;
    return pkg;
  }
  const chunk = url.match(/\.next[^/]*\/server\/(.*)$/);
  if (chunk) return `app build: ${chunk[1]!.split("/").slice(0, 2).join("/")}`;
  return url.replace(/^file:\/\//, "");
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  let total = 0;
  let idle = 0;
  let gc = 0;
  let program = 0;
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of self) {
    total += us;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    if (functionName === "(garbage collector)") gc += us;
    if (functionName === "(program)") program += us;
    const area = areaOf(url);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"} ${area}${url ? `:${lineNumber + 1}` : ""}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1)} %`;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `  ${pct(us, busy).padStart(7)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [
    `sampled ${(total / 1e6).toFixed(1)} s: idle ${pct(idle, total)}, busy ${pct(busy, total)} (GC ${pct(gc, busy)} of busy, V8 "(program)" ${pct(program, busy)})`,
    "busy time by area (self):",
    ...rows(byArea),
    "busy time by function (self):",
    ...rows(byFn),
  ].join("\n");
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summarize(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(process.argv[3] ?? 25)));
}
