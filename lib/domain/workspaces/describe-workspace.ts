import { z } from "zod";
import type { AuthedWorkspace } from "@/lib/api/auth";
import { accessState } from "@/lib/billing/access";
import { FEATURES, PLANS } from "@/lib/billing/plans";

/** What `GET /api/v1/workspace` answers: the workspace an API key belongs to. */
export const workspaceResponse = z
  .object({
    workspace: z.object({
      id: z.string().meta({ description: "ws_…" }),
      workspaceKey: z.string().meta({ description: "wk_…: the `aud` of result tokens, in every webhook." }),
      name: z.string(),
      plan: z.enum(["core", "advanced"]),
      features: z.array(z.enum(FEATURES)).meta({ description: "What the plan includes." }),
      subscriptionStatus: z.enum([
        "none",
        "trialing",
        "active",
        "past_due",
        "paused",
        "canceled",
        "unpaid",
        "incomplete",
        "incomplete_expired",
      ]),
      access: z.enum(["full", "grace", "read_only"]).meta({
        description: "read_only: writes answer 402 until the subscription is renewed; reads keep working.",
      }),
      accessEndsAt: z.string().nullable(),
      isDemo: z.boolean(),
      defaultReturnUrl: z.string().nullable(),
    }),
  })
  .meta({ id: "Workspace" });
export type WorkspaceResponse = z.infer<typeof workspaceResponse>;

/** The public view of a workspace, as `GET /api/v1/workspace` returns it. */
export async function describeWorkspace(ws: AuthedWorkspace): Promise<WorkspaceResponse> {
  return {
    workspace: {
      id: ws.id,
      workspaceKey: ws.workspaceKey,
      name: ws.name,
      plan: ws.plan,
      features: [...PLANS[ws.plan].features],
      subscriptionStatus: ws.subscriptionStatus,
      access: accessState(ws),
      accessEndsAt: ws.accessEndsAt?.toISOString() ?? null,
      isDemo: ws.isDemo,
      defaultReturnUrl: ws.defaultReturnUrl,
    },
  };
}
