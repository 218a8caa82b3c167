"use server";

import { z } from "zod";
import { newWorkspaceSubscription } from "@/lib/billing/access";
import { navigationAction, saved, userAction } from "@/lib/dashboard/action";
import { getDashboard, setCurrentWorkspace } from "@/lib/dashboard/context";
import { text, urlText } from "@/lib/dashboard/forms";
import { createWorkspace } from "@/lib/domain/workspaces/create-workspace";
import { returnOrigin } from "@/lib/domain/workspaces/return-hosts";

/**
 * The workspace switcher's plain form (it works without JavaScript): a navigation, not a change,
 * so an id the user may not open is ignored.
 */
export const switchWorkspace = navigationAction(
  { schema: z.object({ workspaceId: text() }), to: "/dashboard" },
  async ({ workspaceId }) => {
    const { workspaces } = await getDashboard();
    if (workspaces.some((w) => w.id === workspaceId)) await setCurrentWorkspace(workspaceId);
  },
);

const onboardingInput = z.object({
  name: text(z.string().min(1, "Give your workspace a name").max(80, "At most 80 characters")),
  // Typed without a scheme (app.example.com/account), it is https.
  returnUrl: urlText(
    z
      .string()
      .max(2000)
      .refine(
        (v) => v === "" || returnOrigin(v) !== null,
        "Enter a full http(s) URL, like https://app.example.com/account",
      ),
  ),
});

export type CreatedWorkspace = { workspaceId: string; name: string; apiKey: string };

/** Onboarding: a workspace with default reasons, a signing secret and a first API key (shown once). */
export const createWorkspaceAction = userAction({ schema: onboardingInput }, async (input, { user }) => {
  const { workspace, apiKey } = await createWorkspace({
    name: input.name,
    ownerUserId: user.id,
    returnUrls: input.returnUrl ? [input.returnUrl] : [],
    ...newWorkspaceSubscription(),
  });
  await setCurrentWorkspace(workspace.id);
  return saved<CreatedWorkspace>(undefined, {
    workspaceId: workspace.id,
    name: workspace.name,
    apiKey: apiKey.key,
  });
});
