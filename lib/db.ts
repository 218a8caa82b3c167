import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export type * from "./generated/prisma/client";
export { Prisma } from "./generated/prisma/client";

function createClient(databaseUrl: string) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

export type Db = ReturnType<typeof createClient>;
/** The client handed to `$transaction(async (tx) => …)` callbacks. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// One client per process (and per dev hot reload): each holds a connection pool.
const globalForDb = globalThis as unknown as { retentbaseDb?: Db; retentbaseDbUrl?: string };

function client(): Db {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev` or `npm start`");
  if (!globalForDb.retentbaseDb || globalForDb.retentbaseDbUrl !== url) {
    void globalForDb.retentbaseDb?.$disconnect();
    globalForDb.retentbaseDb = createClient(url);
    globalForDb.retentbaseDbUrl = url;
  }
  return globalForDb.retentbaseDb;
}

/** Lazily connected Prisma client (nothing connects at import, so `next build` needs no database). */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
