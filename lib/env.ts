import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    );

const optionalUrl = (protocols: string[]) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), url(protocols).optional());

const secret = (min: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().min(min, `must be at least ${min} characters`).optional(),
  );

/** `openssl rand -base64 32`: 32 random bytes in base64 (base64url accepted too). */
export function encryptionKeyBytes(v: string): Buffer | null {
  const t = v.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  const bytes = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return bytes.length === 32 ? bytes : null;
}

const KEY_MESSAGE = "must be 32 random bytes in base64, as `openssl rand -base64 32` prints";

const encryptionKey = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .refine((v) => encryptionKeyBytes(v) !== null, KEY_MESSAGE)
    .transform((v) => v.trim())
    .optional(),
);

const bool = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.stringbool().default(false),
);

/** Every environment variable the app reads. Documented in .env.example and README.md. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
    APP_URL: url(["http:", "https:"]).default("http://localhost:3000"),
    API_URL: optionalUrl(["http:", "https:"]),
    CANCEL_URL: url(["http:", "https:"]).default("http://cancel.localhost:3000"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    HEALTH_TOKEN: secret(16),
    CRON_SECRET: secret(16),
    REDIS_URL: optionalUrl(["redis:", "rediss:"]),
    UPSTASH_REDIS_REST_URL: optionalUrl(["https:", "http:"]),
    UPSTASH_REDIS_REST_TOKEN: optionalString,
    RATE_LIMIT_PER_MINUTE: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .positive("must be positive")
      .default(600),
    /** How far V8 lets the heap grow past what the last full GC kept, in % (lib/ops/heap.ts); 0 = V8's own. */
    HEAP_GROWING_PERCENT: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(0, "must be 0 or more")
      .max(400, "must be at most 400")
      .default(100),
    NEXTAUTH_SECRET: secret(32),
    /** Encrypts signing secrets at rest (AES-256-GCM, lib/crypto/secrets.ts). */
    ENCRYPTION_KEY: encryptionKey,
    /** The key(s) before the last rotation, comma-separated: still read, never written. */
    ENCRYPTION_KEY_PREVIOUS: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .refine((v) => v.split(",").every((k) => encryptionKeyBytes(k) !== null), `each key ${KEY_MESSAGE}`)
        .transform((v) => v.split(",").map((k) => k.trim()))
        .optional(),
    ),
    /** Workspaces one user may own (create); the demo does not count. */
    MAX_WORKSPACES_PER_USER: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .positive("must be positive")
      .default(10),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
    /** Magic-link requests per client IP per 15 minutes (behind a proxy, or the socket's address). */
    SIGNIN_LIMIT_PER_IP: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .positive("must be positive")
      .default(20),
    /** Sign-in emails (magic links) per minute, all addresses and clients together. */
    SIGNIN_GLOBAL_LIMIT_PER_MINUTE: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .positive("must be positive")
      .default(60),
    STRIPE_SECRET_KEY: optionalString,
    STRIPE_API_BASE: optionalUrl(["http:", "https:"]),
    STRIPE_WEBHOOK_SECRET: optionalString,
    STRIPE_PRICE_CORE: optionalString,
    STRIPE_PRICE_ADVANCED: optionalString,
    SMTP_URL: optionalUrl(["smtp:", "smtps:"]),
    EMAIL_FROM: z.string().trim().default("RetentBase <no-reply@retentbase.local>"),
    /** Without SMTP_URL, write sign-in and invitation links to the log. Unset: yes outside production. */
    EMAIL_LOG_LINKS: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z.stringbool().optional(),
    ),
    WEBHOOK_ALLOW_PRIVATE_TARGETS: bool,
    /** Attempts in flight per webhook endpoint while other endpoints have due work (the drainer's fairness). */
    WEBHOOK_PER_ENDPOINT_CONCURRENCY: z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .positive("must be positive")
      .default(4),
    /** Retry delays in seconds, comma-separated; replaces the default schedule of DESIGN.md §6. */
    WEBHOOK_RETRY_SCHEDULE: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      z
        .string()
        .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated whole seconds, e.g. 60,300,1800")
        .transform((v) => v.split(",").map((n) => Number(n.trim())))
        .optional(),
    ),
  })
  .superRefine((e, ctx) => {
    if (e.STRIPE_SECRET_KEY) {
      for (const name of ["STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_CORE", "STRIPE_PRICE_ADVANCED"] as const) {
        if (!e[name])
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is required when STRIPE_SECRET_KEY is set",
          });
      }
    }
    for (const [id, secretName] of [
      ["GITHUB_ID", "GITHUB_SECRET"],
      ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
    ] as const) {
      if (Boolean(e[id]) !== Boolean(e[secretName])) {
        ctx.addIssue({
          code: "custom",
          path: [secretName],
          message: `${id} and ${secretName} must be set together`,
        });
      }
    }
    if (Boolean(e.UPSTASH_REDIS_REST_URL) !== Boolean(e.UPSTASH_REDIS_REST_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: ["UPSTASH_REDIS_REST_TOKEN"],
        message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
      });
    }
  })
  .transform((e) => ({ ...e, API_URL: e.API_URL ?? e.APP_URL }));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError naming every bad variable. Pure: no process access. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
}

/**
 * What a server about to serve traffic needs beyond a valid env (checked by `npm start` at launch,
 * not by `next build`, which must work without runtime secrets).
 */
export function serverEnvProblems(e: Env): string[] {
  const problems: string[] = [];
  if (!e.NEXTAUTH_SECRET)
    problems.push(
      "NEXTAUTH_SECRET: is required to serve sign-ins (32+ random characters, e.g. `openssl rand -base64 32`)",
    );
  if (!e.ENCRYPTION_KEY)
    problems.push(
      "ENCRYPTION_KEY: is required to store signing secrets encrypted (32 random bytes in base64, e.g. `openssl rand -base64 32`; keep it: secrets encrypted under it cannot be read without it)",
    );
  if (e.NODE_ENV === "production" && !e.SMTP_URL && e.EMAIL_LOG_LINKS !== true)
    problems.push(
      "SMTP_URL: is required in production to email sign-in and invitation links. To write those links to the server log instead, set EMAIL_LOG_LINKS=true on purpose: anyone who can read the log can then sign in as any user",
    );
  return problems;
}

/**
 * Whether sign-in and invitation links go to the log instead of an inbox: only without SMTP_URL,
 * and then as EMAIL_LOG_LINKS says (unset: outside production only; `npm start` on the embedded
 * database sets it). A link in the log signs anyone who reads it in.
 */
export function emailLinksLogged(e: Env): boolean {
  return !e.SMTP_URL && (e.EMAIL_LOG_LINKS ?? e.NODE_ENV !== "production");
}

let cached: Env | undefined;

/** The validated environment, read once per process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env between cases; production never calls this. */
export function resetEnvCache() {
  cached = undefined;
}
