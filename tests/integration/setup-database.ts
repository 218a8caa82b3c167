// Runs before each integration test file: a fresh database cloned from the migrated template,
// exposed as DATABASE_URL before any app module reads the environment.
import { afterAll, inject } from "vitest";
import { cloneDatabase, dropDatabase, uniqueName } from "../helpers/test-database";

const adminUrl = inject("dbAdminUrl");
const name = uniqueName("rb_test");
process.env.DATABASE_URL = await cloneDatabase(adminUrl, inject("dbTemplate"), name);
process.env.TEST_DATABASE_NAME = name;

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  await dropDatabase(adminUrl, name);
});
