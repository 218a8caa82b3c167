import pino from "pino";
import { env } from "./env";

// Structured JSON logs on stderr (stdout stays free for CLI output such as `rb … --json`).
// Secrets and API keys are never logged: the redact list is a backstop.
export const logger = pino(
  {
    level: env().LOG_LEVEL,
    base: { service: "retentbase" },
    redact: {
      paths: [
        "apiKey",
        "*.apiKey",
        "secret",
        "*.secret",
        "signingSecret",
        "*.signingSecret",
        "authorization",
        "*.authorization",
        'headers["x-api-key"]',
        "headers.authorization",
      ],
      censor: "[redacted]",
    },
  },
  pino.destination({ fd: 2, sync: false }),
);
