import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/prisma/seed";
import { migrateDeploy, startEmbeddedPostgres } from "../../scripts/db";
import { adminQuery, dropDatabase, uniqueName } from "../helpers/test-database";

const adminUrl = inject("dbAdminUrl");

async function tables(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' order by 1",
  );
  await client.end();
  return rows.map((r) => r.table_name);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe("migrations", () => {
  it("apply to an empty database, concurrently and repeatedly", async () => {
    const name = uniqueName("rb_migrate");
    await adminQuery(adminUrl, `create database "${name}"`);
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    try {
      await Promise.all([1, 2, 3].map(() => migrateDeploy(u.toString(), { quiet: true })));
      await migrateDeploy(u.toString(), { quiet: true });
      const names = await tables(u.toString());
      for (const t of [
        "Workspace",
        "ApiKey",
        "CancellationEvent",
        "WebhookDelivery",
        "AuditLog",
        "_prisma_migrations",
      ]) {
        expect(names).toContain(t);
      }
    } finally {
      await dropDatabase(adminUrl, name);
    }
  }, 60_000);
});

describe("demo seed", () => {
  it("creates one read-only demo workspace with data, once", async () => {
    const first = await seedDemo();
    const second = await seedDemo();
    expect(first.created).toBe(true);
    expect(second).toEqual({ workspaceId: first.workspaceId, created: false });
    const ws = await db.workspace.findUniqueOrThrow({
      where: { id: first.workspaceId },
      include: { _count: { select: { cancellationEvents: true, offers: true, reasons: true } } },
    });
    expect(ws.isDemo).toBe(true);
    expect(ws._count.reasons).toBe(7);
    expect(ws._count.offers).toBeGreaterThan(0);
    expect(ws._count.cancellationEvents).toBeGreaterThan(100);
  });
});

describe("embedded Postgres", () => {
  it("starts a real server in its own directory and stops it cleanly", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rb-embedded-"));
    chmodSync(dir, 0o755);
    const port = await freePort();
    try {
      const server = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port, database: "retentbase" });
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ v: string }>("select version() as v");
      await client.end();
      expect(rows[0]!.v).toMatch(/^PostgreSQL 1\d/);
      expect(existsSync(path.join(dir, "pg", "postmaster.pid"))).toBe(true);
      await server.stop();
      expect(existsSync(path.join(dir, "pg", "postmaster.pid"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
