// `npm run dev` / `npm start`: validate the environment, then run Next.js. Without DATABASE_URL an
// embedded Postgres is started (data in .data/postgres), migrated and seeded with the demo
// workspace, and stopped cleanly when the app exits (SIGINT/SIGTERM).
import "dotenv/config";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { localEncryptionKey } from "../lib/crypto/secrets";
import { defaultEmbedded, type EmbeddedDb, migrateDeploy, startEmbeddedPostgres } from "./db";

const modeArg = process.argv[2];
if (modeArg !== "dev" && modeArg !== "start") {
  console.error("usage: tsx scripts/serve.ts dev|start [--port N]");
  process.exit(2);
}
const mode: "dev" | "start" = modeArg;
const root = path.resolve(import.meta.dirname, "..");
const portArg = process.argv.indexOf("--port");
const port = (portArg > 0 ? process.argv[portArg + 1] : undefined) ?? process.env.PORT ?? "3000";

function localAuthSecret(): string {
  const file = path.join(root, ".data", "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  // Local defaults follow the port, so `PORT=4000 npm run dev` serves both hosts on 4000.
  process.env.APP_URL ||= `http://localhost:${port}`;
  process.env.CANCEL_URL ||= `http://cancel.localhost:${port}`;
  process.env.NEXTAUTH_URL ||= process.env.APP_URL;
  // Local runs (dev, or start on the embedded database) get a sign-in secret kept in .data/; a real
  // deployment must set NEXTAUTH_SECRET (shared by every instance), and start fails without it.
  const local = mode === "dev" || !process.env.DATABASE_URL;
  if (!process.env.NEXTAUTH_SECRET && local) {
    process.env.NEXTAUTH_SECRET = localAuthSecret();
  }
  // Likewise the key that encrypts signing secrets at rest (.data/encryption-key); a deployment
  // sets ENCRYPTION_KEY, the same on every instance, and keeps it (see README, rotation).
  if (!process.env.ENCRYPTION_KEY?.trim() && local) {
    process.env.ENCRYPTION_KEY = localEncryptionKey(root);
  }
  // Without SMTP, local runs write sign-in and invitation links to this log (the login page says
  // so); a real deployment needs SMTP_URL, or EMAIL_LOG_LINKS=true set on purpose, or start fails.
  if (local && !process.env.SMTP_URL?.trim() && !process.env.EMAIL_LOG_LINKS?.trim()) {
    process.env.EMAIL_LOG_LINKS = "true";
  }
  // Fail fast, naming the variable, before anything starts. `next start` runs in production.
  const { parseEnv, EnvError, serverEnvProblems, emailLinksLogged } = await import("../lib/env");
  try {
    const nodeEnv = process.env.NODE_ENV || (mode === "start" ? "production" : "development");
    const e = parseEnv({ ...process.env, NODE_ENV: nodeEnv });
    const problems = serverEnvProblems(e);
    if (problems.length) throw new EnvError(problems);
    if (emailLinksLogged(e))
      console.error("▸ SMTP_URL is not set: sign-in and invitation links are written to this log");
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  let embedded: EmbeddedDb | undefined;
  if (!process.env.DATABASE_URL) {
    console.error(`▸ DATABASE_URL is not set: starting the embedded Postgres (${defaultEmbedded.dir})`);
    embedded = await startEmbeddedPostgres(defaultEmbedded);
    process.env.DATABASE_URL = embedded.url;
  }

  let child: ChildProcess | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("exit", r));
    }
    if (embedded) {
      console.error("▸ stopping the embedded Postgres");
      await embedded.stop().catch((e: Error) => console.error(e.message));
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(130));
  process.on("SIGTERM", () => void shutdown(143));

  try {
    // Dev always migrates and seeds; start does so only for the embedded default (a real deployment
    // runs `npm run db:migrate` as a release step).
    if (embedded || mode === "dev") {
      console.error("▸ applying migrations");
      await migrateDeploy(process.env.DATABASE_URL!, { quiet: true });
      const { seedDemo } = await import("../prisma/seed");
      const demo = await seedDemo();
      console.error(`▸ demo workspace ready (${demo.workspaceId})`);
      // Next runs in its own process: this one needs no pool (and none to break at shutdown).
      const { closeDb } = await import("../lib/db");
      await closeDb();
    }
  } catch (e) {
    console.error(`✖ database setup failed: ${(e as Error).message}`);
    await shutdown(1);
  }

  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const next = spawn(process.execPath, [nextBin, mode, "-p", port], {
    cwd: root,
    stdio: "inherit",
    // Self-hosted: no usage telemetry leaves the machine unless the operator opts in.
    env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
  });
  child = next;
  next.on("exit", (code, signal) => void shutdown(code ?? (signal ? 1 : 0)));
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
