// Prisma 7 CLI config: used only for `prisma generate` (see package.json "db:generate").
// Migrations run through the Prisma 6 CLI with prisma/migrate.config.ts: Prisma 7's CLI needs a
// schema-engine binary it can only download, which this project never does.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
