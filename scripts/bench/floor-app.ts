// The "Next.js floor" of issue 16: a separate minimal Next.js app of the same version as the product,
// generated in a temp dir outside the repo (node_modules a symlink to the repo's: no install, no
// download), built with `next build` only when its sources changed, and started with `next start`.
// It has one route handler that parses a JSON body and answers it (POST /api/echo: no middleware, no
// database) and one small server-rendered form page (GET /form, force-dynamic) about the size of a
// hosted-flow step. The benches compare the app against it in the same run.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(repoRoot, "node_modules/next/dist/bin/next");

export const FLOOR_DIR = path.join(os.tmpdir(), "rb-bench-floor");
/** The floor's minimal server-rendered page and its JSON echo route. */
export const FLOOR_PAGE_PATH = "/form";
export const FLOOR_ECHO_PATH = "/api/echo";

/** The deepest directory holding both paths (Turbopack compiles only files under its root). */
function commonAncestor(a: string, b: string): string {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join(path.sep) || path.sep;
}

function sources(dir: string): Record<string, string> {
  const nodeModules = realpathSync(path.join(repoRoot, "node_modules"));
  const root = commonAncestor(realpathSync(path.dirname(dir)), nodeModules);
  return {
    "package.json": `${JSON.stringify({ name: "rb-bench-floor", private: true, type: "module" }, null, 2)}\n`,
    // The symlinked node_modules lives outside this dir: Turbopack's root must hold both.
    "next.config.mjs": `export default {
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: ${JSON.stringify(root)} },
  outputFileTracingRoot: ${JSON.stringify(root)},
  typescript: { ignoreBuildErrors: true },
};
`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          lib: ["dom", "dom.iterable", "esnext"],
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          module: "esnext",
          moduleResolution: "bundler",
          resolveJsonModule: true,
          isolatedModules: true,
          jsx: "react-jsx",
          skipLibCheck: true,
          plugins: [{ name: "next" }],
          allowJs: true,
          incremental: true,
        },
        // As next build would rewrite it otherwise.
        include: ["**/*.ts", "**/*.tsx", ".next/types/**/*.ts", ".next/dev/types/**/*.ts"],
        exclude: ["node_modules"],
      },
      null,
      2,
    )}\n`,
    "app/layout.tsx": `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
    "app/api/echo/route.ts": `export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const body = await req.json();
  return Response.json(body);
}
`,
    // About a hosted reason step's content: a heading, five radio choices, a note, two buttons.
    "app/form/page.tsx": `export const dynamic = "force-dynamic";

const CHOICES = [
  ["too_expensive", "It's too expensive"],
  ["missing_features", "It's missing features I need"],
  ["not_using", "I'm not using it enough"],
  ["switching", "I'm switching to another product"],
  ["other", "Something else"],
];

export default async function FormPage({ searchParams }: { searchParams: Promise<{ t?: string }> }) {
  const token = (await searchParams).t ?? "floor";
  return (
    <main>
      <h1>Why are you cancelling?</h1>
      <p>Tell Bench Co. what made you decide. It helps them improve, and it takes a few seconds.</p>
      <form method="post" action={\`/s/\${token}/submit\`} noValidate>
        <input type="hidden" name="page" value="reason" />
        <fieldset>
          <legend>Your main reason</legend>
          {CHOICES.map(([key, label]) => (
            <label key={key}>
              <input type="radio" name="reasonKey" value={key} required />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor="reasonText">Anything to add? (optional)</label>
        <textarea id="reasonText" name="reasonText" rows={3} maxLength={1000} defaultValue="" />
        <button type="submit" name="action" value="reason">Continue</button>
        <button type="submit" name="action" value="cancel_now">Skip and cancel</button>
      </form>
    </main>
  );
}
`,
  };
}

function sourceHash(files: Record<string, string>): string {
  const h = createHash("sha256");
  h.update(
    `next ${JSON.parse(readFileSync(path.join(repoRoot, "node_modules/next/package.json"), "utf8")).version}\n`,
  );
  h.update(`node ${process.version}\n`);
  for (const name of Object.keys(files).sort()) h.update(`${name}\n${files[name]}\n`);
  return h.digest("hex");
}

/**
 * Writes the floor app's sources to `dir` and runs `next build` there unless a build of exactly
 * these sources (and this Next/Node) is already in place. Returns the app's dir.
 */
export function buildFloorApp(opts: { dir?: string; quiet?: boolean } = {}): string {
  const dir = opts.dir ?? FLOOR_DIR;
  const files = sources(dir);
  const hash = sourceHash(files);
  const hashFile = path.join(dir, ".floor-source-hash");
  const built =
    existsSync(path.join(dir, ".next", "BUILD_ID")) &&
    existsSync(hashFile) &&
    readFileSync(hashFile, "utf8").trim() === hash;
  if (built) return dir;

  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const link = path.join(dir, "node_modules");
  let linked = false;
  try {
    linked =
      lstatSync(link).isSymbolicLink() &&
      realpathSync(link) === realpathSync(path.join(repoRoot, "node_modules"));
  } catch {}
  if (!linked) {
    rmSync(link, { recursive: true, force: true });
    symlinkSync(path.join(repoRoot, "node_modules"), link, "dir");
  }
  rmSync(hashFile, { force: true });
  rmSync(path.join(dir, ".next"), { recursive: true, force: true });
  if (!opts.quiet) console.error(`▸ building the Next.js floor app in ${dir}`);
  execFileSync(process.execPath, [nextBin, "build"], {
    cwd: dir,
    stdio: opts.quiet ? "ignore" : ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(hashFile, `${hash}\n`);
  return dir;
}

export type FloorApp = {
  child: ChildProcess;
  origin: string;
  stop: () => Promise<void>;
};

/** Waits until `url` answers at all (any status). */
export async function waitUntilUp(url: string, timeoutMs = 60_000, init?: RequestInit) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url, init);
      await res.arrayBuffer();
      if (res.status > 0) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

/** Stops a child process: SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Node's argv for `next start -p <port> -H 127.0.0.1` (run from the app's dir), under
 * `--cpu-prof` when BENCH_CPU_PROF names a directory, after any `nodeArgs`.
 */
export function nextStartArgv(port: number, nodeArgs: string[] = []): string[] {
  const profDir = process.env.BENCH_CPU_PROF;
  return [
    ...(profDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profDir)}`] : []),
    ...nodeArgs,
    nextBin,
    "start",
    "-p",
    String(port),
    "-H",
    "127.0.0.1",
  ];
}

/** `next start -p <port> -H 127.0.0.1` in the floor app's dir (build it first), once it answers. */
export async function startFloorApp(opts: { port: number; dir?: string }): Promise<FloorApp> {
  const dir = opts.dir ?? FLOOR_DIR;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(opts.port), "-H", "127.0.0.1"], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  const origin = `http://127.0.0.1:${opts.port}`;
  const stop = () => stopChild(child);
  try {
    await waitUntilUp(`${origin}${FLOOR_PAGE_PATH}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { child, origin, stop };
}
