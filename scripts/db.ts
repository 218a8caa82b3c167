// Database tooling: the embedded Postgres default, migrations (Prisma 6 CLI with its JS engine,
// see prisma/migrate.config.ts) and seeding. Used by scripts/serve.ts, the tests and `npm run db:*`.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { embeddedDataDir, startEmbeddedServer } from "./embedded-postgres";

const root = path.resolve(import.meta.dirname, "..");
const prisma6 = path.join(root, "node_modules", "prisma6", "build", "index.js");
const migrateConfig = path.join(root, "prisma", "migrate.config.ts");

// Local only: the embedded server listens on 127.0.0.1 and holds development data.
const EMBEDDED_PASSWORD = "retentbase";
const embeddedUrl = (port: number, database: string) =>
  `postgresql://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

/** `dataDir`: where the data really is (see startEmbeddedPostgres). */
export type EmbeddedDb = { url: string; dataDir: string; stop: () => Promise<void> };

function pidAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL server (scripts/embedded-postgres.ts) with its data in `dir`, initialised
 * on first use, and makes sure `database` exists. As root, Postgres runs as the `postgres` system
 * user; when that user cannot reach `dir` (a clone under a private directory), the data lives in a
 * directory of its own that it can reach — `strict` makes that an error instead.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  strict?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const database = opts.database ?? "retentbase";
  const dataDir = embeddedDataDir(opts.dir, { strict: opts.strict });
  if (dataDir !== path.resolve(opts.dir)) {
    console.error(
      `▸ the postgres user cannot reach ${opts.dir}: the embedded database keeps its data in ${dataDir}`,
    );
  }

  // A crash can leave postmaster.pid behind; Postgres refuses to start on it.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid && pidAlive(pid)) {
      throw new Error(
        `Another embedded Postgres (pid ${pid}) is already using ${dataDir}. Stop it, or set DATABASE_URL.`,
      );
    }
    rmSync(pidFile);
  }

  const server = await startEmbeddedServer({
    dataDir,
    port: opts.port,
    password: EMBEDDED_PASSWORD,
    log: opts.log,
  });
  const url = embeddedUrl(opts.port, database);
  try {
    await ensureDatabase(url);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url, dataDir, stop: server.stop };
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

/** The embedded database of `npm run dev`, `npm start` and the CLI (EMBEDDED_PG_DIR, EMBEDDED_PG_PORT). */
export const defaultEmbedded = {
  dir: process.env.EMBEDDED_PG_DIR
    ? path.resolve(process.env.EMBEDDED_PG_DIR)
    : path.join(root, ".data", "postgres"),
  port: Number(process.env.EMBEDDED_PG_PORT) || 54329,
  // A directory the operator chose is used as given, or refused with the reason.
  strict: Boolean(process.env.EMBEDDED_PG_DIR),
};

/**
 * The database a CLI command works on: DATABASE_URL when set; else the embedded server of
 * `npm run dev` when it is running (so the CLI works beside it); else the embedded server started
 * just for this command, migrated, and stopped by the returned `stop`.
 */
export async function openDefaultDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const pidFile = path.join(embeddedDataDir(defaultEmbedded.dir, defaultEmbedded), "postmaster.pid");
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
      const { closeDb } = await import("../lib/db");
      await closeDb();
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
