// The embedded database from the outside, as real processes: whatever imports it keeps its own exit
// code (an exit hook once turned every exit into 0, so failing test runs passed), it never outlives
// the process that started it, and it works from a clone under a directory only root may enter.
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedDataDir } from "../../scripts/embedded-postgres";
import { copyProject, projectRoot } from "../helpers/project-copy";

const scratch = mkdtempSync(path.join(tmpdir(), "rb-exit-"));
chmodSync(scratch, 0o755); // the data dirs below stay here, also as root (the private case is tested last)
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

type Exit = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs `tsx ...args` (in `cwd`); `onLine` sees each stdout line and may signal the child. */
function runTsx(
  args: string[],
  opts: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    onLine?: (line: string, kill: (s: NodeJS.Signals) => void) => void;
  } = {},
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, LOG_LEVEL: "warn", ...opts.env } as NodeJS.ProcessEnv;
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const cwd = opts.cwd ?? projectRoot;
    const child = spawn(
      process.execPath,
      [path.join(cwd, "node_modules", "tsx", "dist", "cli.mjs"), ...args],
      {
        cwd,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      const lines = (stdout + d).split("\n");
      for (const line of lines.slice(stdout.split("\n").length - 1, -1))
        opts.onLine?.(line, (s) => child.kill(s));
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until the server whose data is in `dataDir` has gone. */
async function serverGone(pid: number) {
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

/** A script that starts the embedded database, prints its postmaster pid, then does `then`. */
function script(name: string, then: string) {
  const file = path.join(scratch, `${name}.mts`);
  writeFileSync(
    file,
    `import { readFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from ${JSON.stringify(path.join(projectRoot, "scripts", "db.ts"))};
const server = await startEmbeddedPostgres({ dir: process.env.PG_DIR!, port: Number(process.env.PG_PORT), database: "postgres" });
console.log("pid " + readFileSync(path.join(server.dataDir, "postmaster.pid"), "utf8").split("\\n")[0]);
${then}
`,
  );
  return file;
}

describe("a process that uses the embedded database", () => {
  it("keeps its own exit code when it only imports it", async () => {
    const file = path.join(scratch, "import-only.mts");
    writeFileSync(
      file,
      `import ${JSON.stringify(path.join(projectRoot, "scripts", "db.ts"))};\nprocess.exitCode = 3;\n`,
    );
    expect((await runTsx([file])).code).toBe(3);
  });

  it("keeps its exit code after stopping the server, and on process.exit the server goes too", async () => {
    const env = (name: string) => ({ PG_DIR: path.join(scratch, name), PG_PORT: "" });
    const stopped = await runTsx([script("stopped", "await server.stop();\nprocess.exitCode = 4;")], {
      env: { ...env("stopped"), PG_PORT: String(await freePort()) },
    });
    expect(stopped.code, stopped.stderr).toBe(4);

    const exited = await runTsx([script("exited", "process.exit(5);")], {
      env: { ...env("exited"), PG_PORT: String(await freePort()) },
    });
    expect(exited.code, exited.stderr).toBe(5);
    const pid = Number(exited.stdout.match(/^pid (\d+)/m)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await serverGone(pid)).toBe(true);
  });

  it("dies by SIGTERM like any process, and takes the server with it", async () => {
    let pid = 0;
    const result = await runTsx([script("signalled", "setInterval(() => {}, 1000);")], {
      env: { PG_DIR: path.join(scratch, "signalled"), PG_PORT: String(await freePort()) },
      onLine: (line, kill) => {
        const m = line.match(/^pid (\d+)/);
        if (m) {
          pid = Number(m[1]);
          kill("SIGTERM");
        }
      },
    });
    // Killed by the signal (tsx, which runs the script in a child, reports that as 128 + 15).
    expect(result.signal ?? result.code, result.stderr).toBeOneOf(["SIGTERM", 143]);
    expect(pid).toBeGreaterThan(0);
    expect(await serverGone(pid)).toBe(true);
  });
});

describe("the embedded database from a clone in a private directory", () => {
  it("migrates, seeds and serves the CLI with no DATABASE_URL, even as root", async () => {
    // mkdtemp makes a 0700 directory: as root, the postgres user cannot enter the clone.
    const copy = copyProject({ nodeModules: "hardlinks", prefix: "rb-private-" });
    const env = {
      DATABASE_URL: undefined,
      TEST_DATABASE_URL: undefined,
      EMBEDDED_PG_DIR: undefined,
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    const dataDir = embeddedDataDir(path.join(copy.root, ".data", "postgres"));
    try {
      const seed = await runTsx(["scripts/db.ts", "seed"], { cwd: copy.root, env });
      expect(seed.code, seed.stderr).toBe(0);
      expect(seed.stderr).toMatch(/demo workspace created/);
      // The CLI finds the same database again (and starts it for the command).
      const list = await runTsx(["scripts/rb.ts", "workspace", "list", "--json"], { cwd: copy.root, env });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/"isDemo":\s*true/);
      // The command closes its connections before it stops the server: no "connection lost" noise.
      expect(list.stderr).not.toMatch(/connection lost/);
      expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
      if (process.getuid?.() === 0) {
        expect(seed.stderr).toMatch(/the postgres user cannot reach/);
        expect(dataDir.startsWith(copy.dir)).toBe(false);
      } else {
        expect(dataDir).toBe(path.join(copy.root, ".data", "postgres"));
      }
    } finally {
      copy.remove();
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
});
