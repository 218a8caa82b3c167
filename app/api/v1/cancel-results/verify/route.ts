import { json, withWorkspace } from "@/lib/api/handler";
import { routeMethods } from "@/lib/api/methods";
import { API } from "@/lib/api/operations";
import { verifyResultToken } from "@/lib/domain/cancel-sessions/result-token";

export const dynamic = "force-dynamic";

/** For merchants who would rather not do the crypto: is this `ci_result_token` genuine and for us? */
const post = withWorkspace(
  // Verifying is a read (API.verifyCancelResult.write): read-only and demo workspaces may verify.
  API.verifyCancelResult,
  async ({ workspace, body }) => json(await verifyResultToken(workspace, body.token)),
);

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: post });
