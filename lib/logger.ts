import pino, { type DestinationStream, type LevelWithSilent } from "pino";
import { env } from "./env";

const CENSOR = "[redacted]";
const MAX_DEPTH = 10;
const SECRET_FIELDS = new Set([
  "apikey",
  "x-api-key",
  "secret",
  "signingsecret",
  "authorization",
  "cookie",
  "password",
]);
/** What carries a working link or a message body: a sign-in or invitation URL signs its reader in. */
const LINK_FIELDS = new Set(["url", "text", "html"]);

/** A field whose value is never logged: secrets and API keys, `url`, `text`, `html`, anything named `*token*`. */
export function isRedactedField(name: string): boolean {
  const key = name.toLowerCase();
  return SECRET_FIELDS.has(key) || LINK_FIELDS.has(key) || key.includes("token");
}

/**
 * A copy of a log object with redacted fields censored at any depth, errors included (serialised
 * first, so `err.config.url` is censored too). Objects with a `toJSON` (dates, buffers, URLs) are
 * left to it, as JSON.stringify would.
 */
export function redactLogFields(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth > MAX_DEPTH) return "[too deep]";
  seen.add(value);
  let source: object = value;
  if (value instanceof Error) source = pino.stdSerializers.err(value);
  else if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
  if (Array.isArray(source)) return source.map((v) => redactLogFields(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source))
    out[k] = isRedactedField(k) && v !== undefined ? CENSOR : redactLogFields(v, depth + 1, seen);
  return out;
}

/**
 * Structured JSON logs (by default on stderr: stdout stays free for CLI output such as
 * `rb … --json`). Every field goes through redactLogFields; a link meant for the log (sign-in and
 * invitation links without SMTP, lib/email/send.ts) is written in the message, on purpose.
 */
export function createLogger(
  destination: DestinationStream = pino.destination({ fd: 2, sync: false }),
  level: LevelWithSilent = env().LOG_LEVEL,
) {
  return pino(
    {
      level,
      base: { service: "retentbase" },
      formatters: { log: (obj) => redactLogFields(obj) as Record<string, unknown> },
      // Errors are serialised (and redacted) above; the default serializer would serialise them again.
      serializers: { err: (v: unknown) => (v instanceof Error ? pino.stdSerializers.err(v) : v) },
    },
    destination,
  );
}

export const logger = createLogger();
