import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "./env";
import { Prisma, PrismaClient } from "./generated/prisma/client";
import { logger } from "./logger";

export type * from "./generated/prisma/client";
export { Prisma } from "./generated/prisma/client";

function createClients(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection dropped by the server (restart, failover) must not take the process down;
  // the pool replaces it on the next query.
  pool.on("error", (err) => logger.warn({ err: err.message }, "idle database connection lost"));
  // Interactive transactions here are short; the default 5 s limit only bites on a starved machine,
  // where it would abort work half-way. Give them room, still bounded.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  return { pool, prisma };
}

export type Db = ReturnType<typeof createClients>["prisma"];
/** The client handed to `$transaction(async (tx) => …)` callbacks. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// One pool per process (and per dev hot reload), shared by Prisma and the hot-path statements.
const globalForDb = globalThis as unknown as {
  retentbaseDb?: ReturnType<typeof createClients>;
  retentbaseDbUrl?: string;
};

function clients() {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`");
  if (!globalForDb.retentbaseDb || globalForDb.retentbaseDbUrl !== url) {
    globalForDb.retentbaseDb = createClients(url);
    globalForDb.retentbaseDbUrl = url;
  }
  return globalForDb.retentbaseDb;
}

/** Lazily connected Prisma client (nothing connects at import, so `next build` needs no database). */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const c = clients().prisma;
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});

const preparedNames = new Map<string, string>();

/** A statement's name for the server's prepared-statement cache: the same text, the same name. */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `rb_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    // Fixed-shape statements only (see hotQuery): a handful of texts. Bounded all the same.
    if (preparedNames.size >= 256) preparedNames.clear();
    preparedNames.set(text, name);
  }
  return name;
}

/**
 * Runs one SQL statement built with `Prisma.sql` directly on the pool, skipping Prisma's query
 * layer. Only for the few statements on the API's hot path (API-key lookup, idempotent insert):
 * everything else goes through `db`. Timestamps: bind them with `utc()`, select them as timestamptz.
 *
 * `prepare`: a statement of a fixed shape (its text takes a handful of forms, never one per call)
 * is prepared once per pooled connection and then only bound and executed, so Postgres does not
 * parse and plan it on every request.
 */
export async function hotQuery<Row extends pg.QueryResultRow>(
  statement: Prisma.Sql,
  opts: { prepare?: boolean } = {},
): Promise<Row[]> {
  const config: pg.QueryConfig = { text: statement.text, values: statement.values as unknown[] };
  if (opts.prepare) config.name = preparedName(statement.text);
  const result = await clients().pool.query<Row>(config);
  return result.rows;
}

/** Hot-path statements (as `hotQuery`) in one transaction on one pooled connection. */
export async function hotTransaction<T>(fn: (query: typeof hotQuery) => Promise<T>): Promise<T> {
  const client = await clients().pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin");
    const result = await fn(async <Row extends pg.QueryResultRow>(statement: Prisma.Sql) => {
      const r = await client.query<Row>(statement.text, statement.values as unknown[]);
      return r.rows;
    });
    await client.query("commit");
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not handed to the next caller.
    await client.query("rollback").catch((e: Error) => {
      broken = e;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

/** `timestamp` columns hold UTC: a bound instant, converted for them whatever the session timezone. */
export function utc(date: Date): Prisma.Sql {
  return Prisma.sql`(${date.toISOString()}::timestamptz at time zone 'UTC')`;
}

/** Closes the pool (tests and scripts; the app keeps it for its lifetime). */
export async function closeDb() {
  const c = globalForDb.retentbaseDb;
  globalForDb.retentbaseDb = undefined;
  if (c) {
    await c.prisma.$disconnect();
    await c.pool.end();
  }
}
