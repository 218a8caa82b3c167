// `npm run worker` as a real process on the test file's database (DATABASE_URL), for tests that
// need a real drainer: killed with SIGKILL, stopped with SIGTERM, or run with --once.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export type WorkerProcess = {
  child: ChildProcess;
  /** Resolves once it logged "webhook worker started" (needs LOG_LEVEL info). */
  ready: Promise<void>;
  exited: Promise<number | null>;
  stderr: () => string;
};

/** Started processes; `killWorkers()` (in afterEach) SIGKILLs any still running. */
const running = new Set<ChildProcess>();

export function startWorker(args: string[], opts: { logLevel?: string } = {}): WorkerProcess {
  // tsx as a loader in one process: the tsx CLI's extra parent process would relay signals itself.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", ...args], {
    cwd: root,
    env: { ...process.env, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true", LOG_LEVEL: opts.logLevel ?? "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += d;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", () => {
      if (stderr.includes("webhook worker started")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before starting:\n${stderr}`)));
  });
  ready.catch(() => {}); // awaited only by tests that need it
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, ready, exited, stderr: () => stderr };
}

export function killWorkers(): void {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  running.clear();
}
