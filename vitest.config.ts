import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
// `server-only` throws outside React's server condition; tests import server modules directly.
const alias = { "@": root, "server-only": path.join(root, "node_modules/server-only/empty.js") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          env: { LOG_LEVEL: "silent" },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: [path.join(root, "tests/integration/global-setup.ts")],
          setupFiles: [path.join(root, "tests/integration/setup-database.ts")],
          // A fixed key for the tests' signing secrets (tests/integration/secrets.test.ts varies it).
          env: {
            LOG_LEVEL: "silent",
            NODE_ENV: "test",
            ENCRYPTION_KEY: "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=",
          },
          // Generous: some tests spawn the CLI (tsx + Prisma), slow on a loaded 2-core machine.
          testTimeout: 180_000,
          hookTimeout: 60_000,
          // Each file gets its own database, so files may run in parallel.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
