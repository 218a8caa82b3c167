import type { z } from "zod";
import { didYouMean } from "./suggest";

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  subscription_inactive: 402,
  plan_required: 403,
  demo_workspace: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  environment_mismatch: 409,
  no_default_return_url: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };

/** The one error type of the API: thrown anywhere below a route, rendered by the handler wrapper. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

type Where = "body" | "query" | "path";

export function fieldPath(path: PropertyKey[], where: Where = "body"): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replaceAll(".[", "[") || where
  );
}

/** A zod issue as far as the messages need it (unstorable-text issues have only path and message). */
type RawIssue = { path: PropertyKey[]; message: string; code?: string; keys?: string[]; input?: unknown };

/** The keys a schema's object at `path` knows (through optional, nullable, default, pipe), for suggestions. */
function knownKeysAt(schema: z.ZodType | undefined, path: PropertyKey[]): string[] {
  type Def = { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> };
  const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 20; i++) {
      const def = defOf(s);
      if (!def || def.type === "object") return s;
      const next = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
      if (!next) return s;
      s = next;
    }
    return s;
  };
  let s = unwrap(schema);
  for (const p of path) {
    const shape = defOf(s)?.shape;
    if (!shape || typeof p !== "string") return [];
    s = unwrap(shape[p]);
  }
  return Object.keys(defOf(s)?.shape ?? {});
}

/** One issue per unknown key (with a "did you mean"), "is required" for a missing field. */
function expand(issue: RawIssue, where: Where, schema?: z.ZodType): RawIssue[] {
  if (issue.code === "unrecognized_keys" && Array.isArray(issue.keys)) {
    const known = knownKeysAt(schema, issue.path);
    const what = where === "query" ? "parameter" : "field";
    return issue.keys.map((key) => {
      const hint = didYouMean(key, known);
      return {
        path: [...issue.path, key],
        message: `unknown ${what}${hint ? `; did you mean \`${hint}\`?` : ""}`,
      };
    });
  }
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    return [{ path: issue.path, message: `${fieldPath(issue.path, where)} is required` }];
  }
  return [issue];
}

/** "path: message", or the message alone when it already starts with the field's name. */
function line(i: { path: string; message: string }): string {
  return i.message === i.path || i.message.startsWith(`${i.path} `) ? i.message : `${i.path}: ${i.message}`;
}

/** A zod error as a 400 that names each field once: "eventId must be at most 255 characters". */
export function validationError(error: z.ZodError, where: Where = "body", schema?: z.ZodType): ApiError {
  return issuesError(error.issues as unknown as RawIssue[], where, schema);
}

/** Field issues (a path and a message each) as the 400 `invalid_request` that names them. */
export function issuesError(raw: readonly RawIssue[], where: Where = "body", schema?: z.ZodType): ApiError {
  const issues = raw
    .flatMap((i) => expand(i, where, schema))
    .map((i) => ({ path: fieldPath(i.path, where), message: i.message }));
  const summary = issues.slice(0, 3).map(line).join("; ");
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  const label =
    where === "body"
      ? "Invalid request body"
      : where === "query"
        ? "Invalid query parameters"
        : "Invalid path parameter";
  return new ApiError("invalid_request", `${label}: ${summary}${more}`, { issues });
}
