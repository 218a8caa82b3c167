import { describe, expect, it } from "vitest";
import { EnvError, emailLinksLogged, parseEnv, serverEnvProblems } from "@/lib/env";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("environment", () => {
  it("has working defaults for local development", () => {
    const env = parseEnv({});
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.API_URL).toBe("http://localhost:3000");
    expect(env.CANCEL_URL).toBe("http://cancel.localhost:3000");
    expect(env.RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(env.HEAP_GROWING_PERCENT).toBe(100);
    expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ REDIS_URL: "", HEALTH_TOKEN: " " }).REDIS_URL).toBeUndefined();
  });

  it("names every malformed variable", () => {
    try {
      parseEnv({
        DATABASE_URL: "mysql://x",
        RATE_LIMIT_PER_MINUTE: "lots",
        CANCEL_URL: "cancel.example.com",
        HEALTH_TOKEN: "short",
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "perhaps",
        HEAP_GROWING_PERCENT: "-5",
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const message = (e as Error).message;
      for (const name of [
        "DATABASE_URL",
        "RATE_LIMIT_PER_MINUTE",
        "CANCEL_URL",
        "HEALTH_TOKEN",
        "WEBHOOK_ALLOW_PRIVATE_TARGETS",
        "HEAP_GROWING_PERCENT",
      ]) {
        expect(message).toContain(name);
      }
    }
  });

  it("requires the Upstash URL and token together", () => {
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: "https://x.upstash.io" })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN/,
    );
  });

  it("parses booleans and numbers", () => {
    const env = parseEnv({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      RATE_LIMIT_PER_MINUTE: "60",
      API_URL: "https://api.retentbase.com",
    });
    expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(env.RATE_LIMIT_PER_MINUTE).toBe(60);
    expect(env.API_URL).toBe("https://api.retentbase.com");
  });
});

describe("webhook retry schedule", () => {
  it("parses comma-separated seconds and refuses anything else", () => {
    expect(parseEnv({ WEBHOOK_RETRY_SCHEDULE: "1, 2,3" }).WEBHOOK_RETRY_SCHEDULE).toEqual([1, 2, 3]);
    expect(parseEnv({}).WEBHOOK_RETRY_SCHEDULE).toBeUndefined();
    expect(() => parseEnv({ WEBHOOK_RETRY_SCHEDULE: "1,soon" })).toThrow(/WEBHOOK_RETRY_SCHEDULE/);
  });
});

describe("webhook attempts per endpoint", () => {
  it("defaults to 4, takes a whole number > 0 and refuses anything else", () => {
    expect(parseEnv({}).WEBHOOK_PER_ENDPOINT_CONCURRENCY).toBe(4);
    expect(parseEnv({ WEBHOOK_PER_ENDPOINT_CONCURRENCY: "2" }).WEBHOOK_PER_ENDPOINT_CONCURRENCY).toBe(2);
    for (const bad of ["0", "-1", "2.5", "some"]) {
      expect(() => parseEnv({ WEBHOOK_PER_ENDPOINT_CONCURRENCY: bad })).toThrow(
        /WEBHOOK_PER_ENDPOINT_CONCURRENCY/,
      );
    }
  });
});

describe("sign-in email settings", () => {
  it("caps sign-in emails at 60 a minute unless told otherwise, and names a bad cap", () => {
    expect(parseEnv({}).SIGNIN_GLOBAL_LIMIT_PER_MINUTE).toBe(60);
    expect(parseEnv({ SIGNIN_GLOBAL_LIMIT_PER_MINUTE: "600" }).SIGNIN_GLOBAL_LIMIT_PER_MINUTE).toBe(600);
    for (const bad of ["0", "-1", "1.5", "lots"])
      expect(() => parseEnv({ SIGNIN_GLOBAL_LIMIT_PER_MINUTE: bad })).toThrow(
        /SIGNIN_GLOBAL_LIMIT_PER_MINUTE/,
      );
  });

  it("logs links without SMTP outside production, in production only with EMAIL_LOG_LINKS=true", () => {
    const logged = (vars: Record<string, string>) => emailLinksLogged(parseEnv(vars));
    expect(logged({ NODE_ENV: "development" })).toBe(true);
    expect(logged({ NODE_ENV: "test" })).toBe(true);
    expect(logged({ NODE_ENV: "production" })).toBe(false);
    expect(logged({ NODE_ENV: "production", EMAIL_LOG_LINKS: "true" })).toBe(true);
    expect(logged({ NODE_ENV: "development", EMAIL_LOG_LINKS: "false" })).toBe(false);
    expect(
      logged({ NODE_ENV: "development", SMTP_URL: "smtp://127.0.0.1:2525", EMAIL_LOG_LINKS: "true" }),
    ).toBe(false);
    expect(() => parseEnv({ EMAIL_LOG_LINKS: "perhaps" })).toThrow(/EMAIL_LOG_LINKS/);
  });

  it("refuses to serve without ENCRYPTION_KEY, and takes only 32 bytes in base64 for it", () => {
    const e = (vars: Record<string, string>) =>
      parseEnv({ NEXTAUTH_SECRET: "0123456789abcdef0123456789abcdef", ...vars });
    expect(serverEnvProblems(e({ NODE_ENV: "development" }))).toEqual([
      expect.stringMatching(/^ENCRYPTION_KEY: is required .*openssl rand -base64 32/),
    ]);
    expect(serverEnvProblems(e({ NODE_ENV: "development", ENCRYPTION_KEY: KEY }))).toEqual([]);
    expect(e({ ENCRYPTION_KEY: ` ${KEY}\n` }).ENCRYPTION_KEY).toBe(KEY);
    expect(e({ ENCRYPTION_KEY_PREVIOUS: `${KEY}, ${KEY}` }).ENCRYPTION_KEY_PREVIOUS).toEqual([KEY, KEY]);
    for (const bad of [
      "short",
      Buffer.alloc(31).toString("base64"),
      Buffer.alloc(33).toString("base64"),
      `${KEY}!`,
    ]) {
      expect(() => e({ ENCRYPTION_KEY: bad })).toThrow(/ENCRYPTION_KEY: must be 32 random bytes in base64/);
      expect(() => e({ ENCRYPTION_KEY_PREVIOUS: `${KEY},${bad}` })).toThrow(/ENCRYPTION_KEY_PREVIOUS/);
    }
    expect(e({}).MAX_WORKSPACES_PER_USER).toBe(10);
    expect(() => e({ MAX_WORKSPACES_PER_USER: "0" })).toThrow(/MAX_WORKSPACES_PER_USER/);
  });

  it("refuses to serve production without SMTP unless links may be logged on purpose", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    const problems = (vars: Record<string, string>) =>
      serverEnvProblems(parseEnv({ NEXTAUTH_SECRET: secret, ENCRYPTION_KEY: KEY, ...vars }));
    const [problem, ...rest] = problems({ NODE_ENV: "production" });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^SMTP_URL: .*EMAIL_LOG_LINKS=true/);
    expect(problems({ NODE_ENV: "production", EMAIL_LOG_LINKS: "true" })).toEqual([]);
    expect(problems({ NODE_ENV: "production", SMTP_URL: "smtps://u:p@mail.example.com:465" })).toEqual([]);
    expect(problems({ NODE_ENV: "development" })).toEqual([]);
  });
});
