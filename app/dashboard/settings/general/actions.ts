"use server";

import { z } from "zod";
import { saved, workspaceAction } from "@/lib/dashboard/action";
import { raw } from "@/lib/dashboard/forms";
import { type LogoChange, updateGeneralSettings } from "@/lib/domain/workspaces/general-settings";

async function logoChange(removeLogo: unknown, file: unknown): Promise<LogoChange> {
  if (removeLogo === "true") return "remove";
  // No file chosen: browsers send an empty part (its name is not always ""). An empty file is never
  // a logo, and the form already refuses one chosen in the browser ("That file is empty").
  if (!(file instanceof Blob) || file.size === 0) return null;
  return { upload: { type: file.type, size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) } };
}

/** Name, logo, accent colour, time zone and currency, saved together (the domain validates each, by field). */
export const updateGeneralAction = workspaceAction(
  {
    role: "admin",
    schema: z.object({
      name: raw(),
      accentColor: raw(),
      timezone: raw(),
      currency: raw(),
      logo: raw(),
      removeLogo: raw(),
    }),
  },
  async (f, { workspace, user }) => {
    const { changed } = await updateGeneralSettings({
      workspaceId: workspace.id,
      actorUserId: user.id,
      fields: { name: f.name, accentColor: f.accentColor, timezone: f.timezone, currency: f.currency },
      logo: await logoChange(f.removeLogo, f.logo),
    });
    return changed.length
      ? saved("Saved. Your hosted flow uses these settings now.")
      : saved("No changes to save.");
  },
);
