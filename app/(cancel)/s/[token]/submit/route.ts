import { applyFlowAction, type FlowAction, stepPath } from "@/lib/domain/cancel-sessions/flow";

export const dynamic = "force-dynamic";

const see = (to: string) =>
  new Response(null, { status: 303, headers: { location: to, "cache-control": "no-store" } });

/**
 * Every hosted-flow form posts here (works without JavaScript). Post/redirect/get: a reload never
 * re-submits, and each action is idempotent on the server anyway. A post that is not the session's
 * next step changes nothing and lands on the step it is on, with `?error=order` for the explanation.
 */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Forms live on this origin; refuse cross-site posts that name a token.
  const origin = req.headers.get("origin");
  if (origin && origin !== "null" && origin !== new URL(req.url).origin && origin !== originOfHost(req)) {
    return new Response("Cross-site form posts are not accepted", { status: 403 });
  }
  const form = await req.formData().catch(() => null);
  const action = parseAction(form);
  if (!action) return see(stepPath(token, "reason"));
  const outcome = await applyFlowAction(token, action);
  switch (outcome.kind) {
    case "redirect":
      return see(outcome.to);
    case "invalid":
      return see(`${stepPath(token, outcome.step)}?error=${outcome.error}`);
    default:
      // Unknown or expired: the step page renders the 404 explanation.
      return see(stepPath(token, "reason"));
  }
}

function originOfHost(req: Request) {
  const host = req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  return host ? `${proto}://${host}` : null;
}

function parseAction(form: FormData | null): FlowAction | null {
  const action = form?.get("action");
  switch (action) {
    case "reason":
      return {
        action,
        reasonKey: String(form?.get("reasonKey") ?? ""),
        reasonText: String(form?.get("reasonText") ?? ""),
      };
    case "accept":
    case "decline":
    case "confirm":
      return { action };
    default:
      return null;
  }
}
