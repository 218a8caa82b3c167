"use server";

import type { ActionResult } from "@/lib/dashboard/context";
import { requireRole } from "@/lib/dashboard/context";
import { assertFormWorkspace, formAction, formValue, saved } from "@/lib/dashboard/forms";
import { type LogoChange, updateGeneralSettings } from "@/lib/domain/workspaces/general-settings";

async function logoChange(f: FormData): Promise<LogoChange> {
  if (formValue(f, "removeLogo") === "true") return "remove";
  const file = formValue(f, "logo");
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return null;
  return { upload: { type: file.type, size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) } };
}

/** Name, logo, accent colour and time zone, saved together. */
export async function updateGeneralAction(_p: ActionResult | null, f: FormData): Promise<ActionResult> {
  return formAction(async () => {
    const { user, current } = await requireRole("admin");
    assertFormWorkspace(f, current);
    const { changed } = await updateGeneralSettings({
      workspaceId: current.id,
      actorUserId: user.id,
      fields: {
        name: formValue(f, "name"),
        accentColor: formValue(f, "accentColor"),
        timezone: formValue(f, "timezone"),
      },
      logo: await logoChange(f),
    });
    return changed.length
      ? saved("Saved. Your hosted flow uses these settings now.")
      : saved("No changes to save.");
  });
}
