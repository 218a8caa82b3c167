import type { CancelSessionStatus, Prisma } from "@/lib/db";

/**
 * The status a merchant should see. A link past its expiry is expired at once, even before the
 * expire job has run and written it down; a completed session stays completed.
 */
export function effectiveSessionStatus(
  s: { status: CancelSessionStatus; expiresAt: Date },
  now = new Date(),
): CancelSessionStatus {
  if (s.status === "completed" || s.status === "expired") return s.status;
  return s.expiresAt <= now ? "expired" : s.status;
}

/** The rows whose effective status is `status` (see effectiveSessionStatus). */
export function sessionStatusWhere(
  status: CancelSessionStatus,
  now = new Date(),
): Prisma.CancelSessionWhereInput {
  switch (status) {
    case "completed":
      return { status: "completed" };
    case "expired":
      return {
        OR: [{ status: "expired" }, { status: { in: ["created", "opened"] }, expiresAt: { lte: now } }],
      };
    default:
      return { status, expiresAt: { gt: now } };
  }
}
