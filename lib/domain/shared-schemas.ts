import { z } from "zod";

/** `prod` | `sandbox`; sandbox traffic never enters health, issue detection or reports. */
export const environmentSchema = z.enum(["prod", "sandbox"]).meta({
  description: "Environment of the event. Defaults to prod.",
});

const FLAT = "metadata is a flat object of at most 50 keys, each value a string, number, boolean or null";

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: `must be a flat scalar (string, number, boolean or null), not an object or array: ${FLAT}`,
});

/** Flat key/value metadata: at most 50 keys, string/number/boolean/null values. */
export const metadataSchema = z
  .record(z.string().min(1).max(100, "metadata keys must be at most 100 characters"), metadataValue, {
    error: (issue) => (issue.code === "invalid_type" ? `must be an object: ${FLAT}` : undefined),
  })
  .refine((m) => Object.keys(m).length <= 50, {
    error: (issue) =>
      `metadata may have at most 50 keys, got ${Object.keys(issue.input as object).length} (each value a string, number, boolean or null)`,
  })
  .meta({ description: "Flat object: string/number/boolean/null values, at most 50 keys." });

/** ISO 8601 date-time with a `Z` or `±hh:mm` offset (a bare local time is ambiguous). */
export const isoDateTime = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a timezone, e.g. 2026-11-27T10:00:00Z",
});

const isoDate = z.iso.date();
const DAY_MS = 86_400_000;
const RANGE_ERROR =
  "must be a date (2026-12-01, UTC) or an ISO 8601 date-time with a timezone, e.g. 2026-12-01T10:00:00Z";

/** A list filter's lower bound: a date-time, or a date alone meaning that day's start (UTC). */
export const rangeFrom = z
  .union([isoDateTime, isoDate], { error: RANGE_ERROR })
  .transform((v) => (isoDate.safeParse(v).success ? `${v}T00:00:00.000Z` : v));

/** A list filter's exclusive upper bound: a date alone includes that whole day (the next day's start, UTC). */
export const rangeTo = z
  .union([isoDateTime, isoDate], { error: RANGE_ERROR })
  .transform((v) =>
    isoDate.safeParse(v).success ? new Date(Date.parse(`${v}T00:00:00.000Z`) + DAY_MS).toISOString() : v,
  );

/** The merchant's idempotency key. */
export const eventIdSchema = z
  .string({ error: "eventId is required" })
  .min(1, "eventId must not be empty")
  .max(255, "eventId must be at most 255 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "eventId may contain only letters, digits and _ . : -");

/** What the merchant tells us about the customer, for targeting offers and for cohorts. */
export const customerContextSchema = z.strictObject({
  plan: z
    .string()
    .max(100, "context.plan must be at most 100 characters")
    .nullish()
    .meta({ description: "Customer plan label, for analytics and offer targeting." }),
  mrr: z
    .number({ error: "context.mrr must be a number" })
    .finite("context.mrr must be a finite number")
    .nonnegative("context.mrr must be ≥ 0")
    .max(1e12, "context.mrr is implausibly large")
    .nullish()
    .meta({ description: "Monthly recurring revenue, used for revenue cohorts. Stored exactly." }),
  tenureDays: z
    .number({ error: "context.tenureDays must be a number" })
    .int("context.tenureDays must be a whole number")
    .nonnegative("context.tenureDays must be ≥ 0")
    .max(100_000, "context.tenureDays is implausibly large")
    .nullish()
    .meta({ description: "Customer tenure in days, used for lifecycle cohorts." }),
});
