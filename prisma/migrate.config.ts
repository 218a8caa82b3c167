// Prisma 6.19.3 CLI config (npm alias `prisma6`) for migrations, with the JS schema engine so that
// nothing is downloaded. Run through scripts/db.ts, never directly with the Prisma 7 CLI.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PrismaPg } from "adapter-pg6";
import pg from "pg";
import { defineConfig } from "prisma6/config";

// v6 would otherwise try to download its query engine; migrations never use it.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/true";

const here = path.dirname(new URL(import.meta.url).pathname);

// v6 needs `url` in the datasource and must not generate a client; v7 rejects `url`. So the CLI
// reads a derived copy of the schema.
const source = readFileSync(path.join(here, "schema.prisma"), "utf8");
const v6Schema = source
  .replace(/generator\s+\w+\s*\{[^}]*\}\s*/g, "")
  .replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*"postgresql")/, '$1\n  url      = env("DATABASE_URL")');
mkdirSync(path.join(here, ".v6"), { recursive: true });
writeFileSync(path.join(here, ".v6", "schema.prisma"), v6Schema);

// prisma/orm#27403: adapter-pg cannot map pg_catalog `name` (19) and `"char"` (18) columns.
type PgResult = { prototype: { addFields(fields: { dataTypeID: number }[]): void } };
const Result = (pg as unknown as { Result: PgResult }).Result;
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function (fields) {
  for (const f of fields) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
  return addFields.call(this, fields);
};

// The CLI otherwise idles ~10 s on the pool's timers before it exits.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const t = realSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5000) t.unref();
  return t;
}) as typeof setTimeout;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: ".v6/schema.prisma",
  migrations: { path: "migrations" },
  // Discrete fields, not a connection string: adapter-pg builds the shadow database config as
  // { ...config, database }, and pg lets connectionString win, so the shadow DB would be the main one.
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const u = new URL(url);
    return new PrismaPg({
      host: u.hostname,
      port: Number(u.port) || 5432,
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
      idleTimeoutMillis: 200,
    });
  },
});
