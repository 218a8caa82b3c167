import type { z } from "zod";

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

export function fieldPath(path: PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
      .join(".")
      .replaceAll(".[", "[") || "body"
  );
}

/** A zod error as a 400 that names each field: "eventId: Too big: expected string to have <=255 characters". */
export function validationError(error: z.ZodError, where: "body" | "query" | "path" = "body"): ApiError {
  return issuesError(error.issues, where);
}

/** Field issues (a path and a message each) as the 400 `invalid_request` that names them. */
export function issuesError(
  raw: readonly { path: PropertyKey[]; message: string }[],
  where: "body" | "query" | "path" = "body",
): ApiError {
  const issues = raw.map((i) => ({ path: fieldPath(i.path), message: i.message }));
  const summary = issues
    .slice(0, 3)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  const label =
    where === "body"
      ? "Invalid request body"
      : where === "query"
        ? "Invalid query parameters"
        : "Invalid path parameter";
  return new ApiError("invalid_request", `${label}: ${summary}${more}`, { issues });
}
