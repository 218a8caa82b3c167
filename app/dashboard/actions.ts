"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { newWorkspaceSubscription } from "@/lib/billing/access";
import { saved, userAction } from "@/lib/dashboard/action";
import { getDashboard, setCurrentWorkspace } from "@/lib/dashboard/context";
import { fieldOrEmpty, text } from "@/lib/dashboard/forms";
import { createWorkspace } from "@/lib/domain/workspaces/create-workspace";
import { returnOrigin } from "@/lib/domain/workspaces/return-hosts";

/**
 * The workspace switcher's plain form (it works without JavaScript): a navigation, not a change,
 * so it needs no wrapper — an id the user may not open is ignored.
 */
export async function switchWorkspace(formData: FormData) {
  const { workspaces } = await getDashboard();
  const id = fieldOrEmpty(formData, "workspaceId");
  if (workspaces.some((w) => w.id === id)) await setCurrentWorkspace(id);
  redirect("/dashboard");
}

const onboardingInput = z.object({
  name: text(z.string().min(1, "Give your workspace a name").max(80, "At most 80 characters")),
  returnUrl: text(
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
