import { json, withWorkspace } from "@/lib/api/handler";
import { verifyResultToken } from "@/lib/domain/cancel-sessions/result-token";
import { verifyResultBody } from "@/lib/domain/cancel-sessions/schema";

export const dynamic = "force-dynamic";

/** For merchants who would rather not do the crypto: is this `ci_result_token` genuine and for us? */
export const POST = withWorkspace(
  // Verifying is a read: read-only and demo workspaces may still check their customers' results.
  { feature: "hosted_flow", body: verifyResultBody, write: false },
  async ({ workspace, body }) => json(await verifyResultToken(workspace, body.token)),
);
