// `npm run test:harness`, the last step of `npm test`: proves that each test project can fail.
// For unit, integration and e2e it copies the project to a temporary directory, plants a passing
// and a failing test there, and runs the project's own command on each: the passing one must exit
// 0 and the failing one non-zero, each having really run. (It exists because a failing integration
// run once exited 0 — an exit hook of the embedded database overrode vitest's exit code — and hid
// a failing test for days.) Needs a finished `next build` for the e2e project.
import { spawn } from "node:child_process";
import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { copyProject, projectRoot } from "../helpers/project-copy";

type Project = {
  name: string;
  file: (kind: "pass" | "fail") => string;
  source: (kind: "pass" | "fail") => string;
  command: (file: string) => string[];
};

const vitestSource = (body: string) => `import { expect, it } from "vitest";\n${body}\n`;

const PROJECTS: Project[] = [
  {
    name: "unit",
    file: (kind) => `tests/unit/zz-harness-${kind}.test.ts`,
    source: (kind) =>
      vitestSource(`it("planted (${kind})", () => expect(1 + 1).toBe(${kind === "pass" ? 2 : 3}));`),
    command: (file) => ["npm", "run", "-s", "test:unit", "--", file],
  },
  {
    name: "integration",
    file: (kind) => `tests/integration/zz-harness-${kind}.test.ts`,
    // Through the database, as every integration test: the global setup (where the exit code was lost) runs.
    source: (kind) =>
      `import { db } from "@/lib/db";\n${vitestSource(
        `it("planted (${kind})", async () => expect(await db.workspace.count()).toBe(${kind === "pass" ? 0 : -1}));`,
      )}`,
    command: (file) => ["npm", "run", "-s", "test:integration", "--", file],
  },
  {
    name: "e2e",
    file: (kind) => `tests/e2e/zz-harness-${kind}.spec.ts`,
    source: (kind) =>
      `import { expect, test } from "@playwright/test";\ntest("planted (${kind})", async ({ request }) => {\n  const res = await request.get("/api/health");\n  expect(res.status()).toBe(${kind === "pass" ? 200 : 599});\n});\n`,
    // tests/e2e/run.ts is `npm run test:e2e` after its `next build`; the copy reuses the build.
    command: (file) => ["node", "node_modules/tsx/dist/cli.mjs", "tests/e2e/run.ts", file],
  },
];

function run(cwd: string, argv: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      env: { ...process.env, E2E_PORT: process.env.HARNESS_E2E_PORT ?? "3199", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function check(project: Project, root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const kind of ["pass", "fail"] as const) {
    const file = project.file(kind);
    writeFileSync(path.join(root, file), project.source(kind));
    const { code, output: raw } = await run(root, project.command(file));
    const output = stripVTControlCharacters(raw);
    const ran = kind === "pass" ? /\b1 passed\b/.test(output) : /\b1 failed\b/.test(output);
    const exitOk = kind === "pass" ? code === 0 : code !== 0 && code !== null;
    console.error(`  ${project.name}: planted ${kind}ing test → exit ${code}${ran ? "" : " (did not run)"}`);
    if (!ran || !exitOk) {
      problems.push(
        `${project.name}: a planted ${kind}ing test ${ran ? "ran" : "did not run"} and the command exited ${code} (expected ${kind === "pass" ? "0" : "non-zero"})\n${output.slice(-3000)}`,
      );
    }
  }
  return problems;
}

async function main(): Promise<number> {
  const distDir = path.join(projectRoot, process.env.NEXT_DIST_DIR || ".next");
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    console.error(`test:harness needs a production build in ${distDir}: run \`npx next build\` first`);
    return 1;
  }
  const copy = copyProject({ nodeModules: "symlink", prefix: "rb-harness-" });
  symlinkSync(distDir, path.join(copy.root, path.basename(distDir)), "dir");
  console.error(`test harness: planting tests in a copy of the project (${copy.root})`);
  try {
    const problems: string[] = [];
    for (const project of PROJECTS) problems.push(...(await check(project, copy.root)));
    if (problems.length) {
      console.error(`\n✖ the test commands cannot be trusted:\n\n${problems.join("\n\n")}`);
      return 1;
    }
    console.error("✔ every test project fails when a test fails, and passes when all pass");
    return 0;
  } finally {
    copy.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  },
);
