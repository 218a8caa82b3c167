import type { AuthedWorkspace } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import { db, Prisma } from "@/lib/db";
import { isAllowedReturnUrl, returnOrigin, returnUrlProblem } from "@/lib/domain/workspaces/return-hosts";
import { env } from "@/lib/env";
import { createId } from "@/lib/ids";
import { createUrlToken, hashToken } from "@/lib/tokens";
import type { CancelLinkInput } from "./schema";

export const LINK_TTL_MS = 60 * 60 * 1000;

async function resolveReturnUrl(
  workspace: Pick<AuthedWorkspace, "id" | "defaultReturnUrl">,
  requested: string | undefined,
): Promise<string> {
  // https only in production (returnUrlProblem): the customer and the result token travel there.
  if (requested === undefined) {
    if (!workspace.defaultReturnUrl) {
      throw new ApiError(
        "no_default_return_url",
        "No returnUrl given and the workspace has no default return URL: send returnUrl, or set a default in the dashboard",
      );
    }
    const problem = returnUrlProblem(workspace.defaultReturnUrl);
    if (problem) {
      throw new ApiError(
        "no_default_return_url",
        `No returnUrl given and the workspace's default return URL cannot be used (it ${problem}): send an https returnUrl, or set an https default in the dashboard`,
      );
    }
    return workspace.defaultReturnUrl;
  }
  const problem = returnUrlProblem(requested);
  if (problem) {
    throw new ApiError("invalid_request", `Invalid request body: returnUrl: ${problem}`, {
      issues: [{ path: "returnUrl", message: problem }],
    });
  }
  if (!(await isAllowedReturnUrl(workspace.id, requested))) {
    const allowed = await db.returnHost.findMany({
      where: { workspaceId: workspace.id },
      select: { origin: true },
    });
    throw new ApiError(
      "invalid_request",
      `Invalid request body: returnUrl: ${returnOrigin(requested)} is not on this workspace's return-host allowlist`,
      {
        issues: [{ path: "returnUrl", message: "not on the return-host allowlist" }],
        allowedReturnHosts: allowed.map((h) => h.origin),
      },
    );
  }
  return requested;
}

/**
 * A hosted cancellation session and the one-hour link to it: `CANCEL_URL/s/<token>` with a random
 * 32-byte token (only its hash is stored).
 */
export async function createCancelLink(
  workspace: Pick<AuthedWorkspace, "id" | "defaultReturnUrl">,
  input: CancelLinkInput,
  now = new Date(),
) {
  const returnUrl = await resolveReturnUrl(workspace, input.returnUrl);
  const token = createUrlToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  const session = await db.cancelSession.create({
    data: {
      id: createId("cs"),
      workspaceId: workspace.id,
      environment: input.environment,
      tokenHash: hashToken(token), // the database never holds a working link
      userId: input.userId,
      plan: input.context?.plan ?? null,
      mrr: input.context?.mrr == null ? null : new Prisma.Decimal(input.context.mrr),
      tenureDays: input.context?.tenureDays ?? null,
      metadata: input.metadata ?? {},
      eligibleForOffers: input.eligibleForOffers,
      returnUrl,
      timeline: [{ step: "created", at: now.toISOString() }],
      expiresAt,
      createdAt: now,
    },
    select: { id: true, environment: true },
  });
  return {
    url: `${env().CANCEL_URL.replace(/\/+$/, "")}/s/${token}`,
    expires_at: expiresAt.toISOString(),
    environment: session.environment,
    session_id: session.id,
  };
}
