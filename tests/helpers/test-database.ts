// Test databases: one Postgres server per run (TEST_DATABASE_URL / DATABASE_URL, else an embedded
// one in a temp dir), a template migrated once, and a fresh clone of it per test file.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { type EmbeddedDb, migrateDeploy, startEmbeddedPostgres } from "../../scripts/db";

export type TestServer = { adminUrl: string; stop: () => Promise<void> };

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A port nobody listens on right now (the kernel's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A Postgres server for the test run: TEST_DATABASE_URL's (or DATABASE_URL's), else an embedded one
 * in a temp dir on a free port — never a fixed one: those sit in the kernel's ephemeral range, where
 * any outgoing connection may hold them — tried again on another port if it was taken meanwhile.
 */
export async function startTestServer(): Promise<TestServer> {
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (external) return { adminUrl: withDatabase(external, "postgres"), stop: async () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), "retentbase-pg-"));
  chmodSync(dir, 0o755); // as root, Postgres runs as the `postgres` user and must reach its data dir
  let embedded: EmbeddedDb | undefined;
  for (let attempt = 1; !embedded; attempt++) {
    try {
      const port = await freePort();
      embedded = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port, database: "postgres" });
    } catch (e) {
      if (attempt < 5 && /Address already in use/.test((e as Error).message)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }
  const server = embedded;
  return {
    adminUrl: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      // As root in a private temp dir the data lives elsewhere (scripts/embedded-postgres.ts).
      rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates `name` and applies every migration to it. Returns its URL. */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
  await adminQuery(adminUrl, `create database "${name}"`);
  const url = withDatabase(adminUrl, name);
  await migrateDeploy(url, { quiet: true });
  return url;
}

/** A fresh database cloned from the migrated template (fast: a file copy inside Postgres). */
export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await adminQuery(adminUrl, `create database "${name}" template "${template}"`);
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string) {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
}

export function uniqueName(prefix: string) {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
