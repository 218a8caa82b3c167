// What the benches read about processes from Linux's /proc: memory and CPU time of a server and its
// children, and of every Postgres process (the benches' database server is local).
import { readdirSync, readFileSync } from "node:fs";

const pids = () => readdirSync("/proc").filter((e) => /^\d+$/.test(e));

/** The fields of /proc/<pid>/stat after the command name (field 3 onwards), or null when gone. */
function statFields(pid: string | number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Every descendant of `pid`. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const entry of pids()) {
    const ppid = Number(statFields(entry)?.[1]);
    if (ppid === pid) out.push(Number(entry), ...descendants(Number(entry)));
  }
  return out;
}

/** Resident memory of a process and its descendants, MB. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      kb += Number(readFileSync(`/proc/${p}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

/** CPU time (user + system, 100 Hz ticks) of a process and its descendants, ms. */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of [pid, ...descendants(pid)]) {
    const f = statFields(p);
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * 10;
}

const isPostgres = (pid: string) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    return false;
  }
};

/**
 * CPU time of every Postgres process, ms: utime and stime, plus (for the postmaster) cutime and
 * cstime — the backends that have exited, so a pool closing connections does not lower the sum.
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of pids().filter(isPostgres)) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks * 10;
}

/** Memory of every Postgres process together, MB: PSS, so shared buffers count once, not per process. */
export function postgresPssMb(): number {
  let kb = 0;
  for (const pid of pids().filter(isPostgres)) {
    try {
      kb += Number(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/Pss:\s+(\d+)/)?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}
