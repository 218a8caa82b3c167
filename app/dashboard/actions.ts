"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { newWorkspaceSubscription } from "@/lib/billing/access";
import { type ActionResult, action, getDashboard, WORKSPACE_COOKIE } from "@/lib/dashboard/context";
import { fieldOrEmpty, formValue } from "@/lib/dashboard/forms";
import { createWorkspace } from "@/lib/domain/workspaces/create-workspace";
import { returnOrigin } from "@/lib/domain/workspaces/return-hosts";

async function selectWorkspace(id: string) {
  (await cookies()).set(WORKSPACE_COOKIE, id, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
}

export async function switchWorkspace(formData: FormData) {
  const { workspaces } = await getDashboard();
  const id = fieldOrEmpty(formData, "workspaceId");
  if (workspaces.some((w) => w.id === id)) await selectWorkspace(id);
  redirect("/dashboard");
}

const onboardingInput = z.object({
  name: z.string().trim().min(1, "Give your workspace a name").max(80, "At most 80 characters"),
  returnUrl: z
    .string()
    .trim()
    .max(2000)
    .refine(
      (v) => v === "" || returnOrigin(v) !== null,
      "Enter a full http(s) URL, like https://app.example.com/account",
    )
    .optional(),
});

export type CreatedWorkspace = { workspaceId: string; name: string; apiKey: string };

/** Onboarding: a workspace with default reasons, a signing secret and a first API key (shown once). */
export async function createWorkspaceAction(
  _prev: ActionResult<CreatedWorkspace> | null,
  formData: FormData,
): Promise<ActionResult<CreatedWorkspace>> {
  return action(async () => {
    const { user } = await getDashboard();
    const input = onboardingInput.parse({
      name: formValue(formData, "name"),
      returnUrl: formValue(formData, "returnUrl") ?? "",
    });
    const { workspace, apiKey } = await createWorkspace({
      name: input.name,
      ownerUserId: user.id,
      returnUrls: input.returnUrl ? [input.returnUrl] : [],
      ...newWorkspaceSubscription(),
    });
    await selectWorkspace(workspace.id);
    return { ok: true, data: { workspaceId: workspace.id, name: workspace.name, apiKey: apiKey.key } };
  });
}
