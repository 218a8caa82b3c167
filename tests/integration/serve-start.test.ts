// `npm start` (scripts/serve.ts start) as a real process on a real database: it refuses to start in
// production when sign-in and invitation links could go nowhere but the log, unless told to.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `npm start` as a deployment runs it: NODE_ENV unset (so production), a real DATABASE_URL. */
async function npmStart(env: Record<string, string | undefined>) {
  return runScript("scripts/serve.ts", ["start", "--port", String(await freePort())], {
    NODE_ENV: undefined,
    DATABASE_URL: process.env.DATABASE_URL,
    NEXTAUTH_SECRET: "serve-test-secret-0123456789abcdef0123",
    SMTP_URL: undefined,
    EMAIL_LOG_LINKS: undefined,
    // No build there: once Next starts, it stops at once by itself.
    NEXT_DIST_DIR: `.next-serve-test-nobuild-${process.pid}`,
    ...env,
  });
}

const nextStarted = (out: string) => /Next\.js|production build/.test(out);

describe("npm start without SMTP_URL", () => {
  it("refuses to start in production, naming SMTP_URL and EMAIL_LOG_LINKS, before Next runs", async () => {
    const run = await npmStart({});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/SMTP_URL: is required in production/);
    expect(run.stderr).toMatch(/EMAIL_LOG_LINKS=true/);
    expect(nextStarted(run.stdout + run.stderr)).toBe(false);
  });

  it("starts with EMAIL_LOG_LINKS=true, saying the links go to the log", async () => {
    const run = await npmStart({ EMAIL_LOG_LINKS: "true" });
    expect(run.stderr).not.toMatch(/Invalid environment configuration/);
    expect(run.stderr).toMatch(/sign-in and invitation links are written to this log/);
    expect(nextStarted(run.stdout + run.stderr)).toBe(true);
  });
});

describe("npm start without ENCRYPTION_KEY", () => {
  it("refuses to start on a real database, naming ENCRYPTION_KEY, before Next runs", async () => {
    const run = await npmStart({ EMAIL_LOG_LINKS: "true", ENCRYPTION_KEY: undefined });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ENCRYPTION_KEY: is required to store signing secrets encrypted/);
    expect(nextStarted(run.stdout + run.stderr)).toBe(false);
  });
});
