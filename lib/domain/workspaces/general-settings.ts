// Workspace name, hosted-flow branding (logo, accent colour), time zone and currency.
import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit, userActor } from "@/lib/domain/audit";
import {
  DEFAULT_ACCENT,
  generalSettingsInput,
  LOGO_TYPES,
  type LogoType,
  logoFileProblem,
} from "./general-schema";

export type GeneralSettings = {
  name: string;
  brandLogoUrl: string | null;
  brandAccentColor: string;
  timezone: string;
  currency: string;
};

export async function getGeneralSettings(workspaceId: string): Promise<GeneralSettings> {
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { name: true, brandLogoUrl: true, brandAccentColor: true, timezone: true, currency: true },
  });
  return { ...ws, brandAccentColor: ws.brandAccentColor ?? DEFAULT_ACCENT };
}

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) =>
  prefix.every((b, i) => bytes[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * Whether the bytes really are the declared image type: browsers report the type from the file
 * name, and a renamed file must not slip through. SVGs must not script or fetch anything: they only
 * ever show in <img> (which runs neither), but a logo has no reason to try.
 */
function contentProblem(type: LogoType, bytes: Uint8Array): string | null {
  const mismatch = "The file's content is not the image type its name says";
  switch (type) {
    case "image/png":
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) ? null : mismatch;
    case "image/jpeg":
      return startsWith(bytes, [0xff, 0xd8, 0xff]) ? null : mismatch;
    case "image/webp":
      return startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8) ? null : mismatch;
    case "image/svg+xml": {
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return mismatch;
      }
      if (!/<svg[\s>]/i.test(text)) return mismatch;
      if (
        /<script|<foreignObject|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*["']?\s*(?:https?:)?\/\//i.test(
          text,
        )
      ) {
        return "SVG logos may not contain scripts, event handlers or external references";
      }
      return null;
    }
  }
}

const logoUpload = z
  .object({ type: z.string(), size: z.number(), bytes: z.instanceof(Uint8Array) })
  .superRefine((file, ctx) => {
    const problem = logoFileProblem(file) ?? contentProblem(file.type as LogoType, file.bytes) ?? null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export type LogoChange = { upload: { type: string; size: number; bytes: Uint8Array } } | "remove" | null;

/** The data: URL stored in brandLogoUrl (the hosted flow loads nothing from third parties). */
export function logoDataUrl(file: { type: string; bytes: Uint8Array }): string {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type))
    throw new Error(`not a logo type: ${file.type}`);
  return `data:${file.type};base64,${Buffer.from(file.bytes).toString("base64")}`;
}

/**
 * Saves the General tab. Validation failures are ZodErrors whose paths name the form fields
 * (name, accentColor, timezone, currency, logo). One audit entry per save, listing what changed.
 */
export async function updateGeneralSettings(input: {
  workspaceId: string;
  actorUserId: string;
  fields: { name: unknown; accentColor: unknown; timezone: unknown; currency?: unknown };
  logo: LogoChange;
}): Promise<{ changed: string[] }> {
  const before = await getGeneralSettings(input.workspaceId);
  // A form without the field (an older page still open) keeps the stored currency.
  const fields = generalSettingsInput.parse({ currency: before.currency, ...input.fields });
  let logoUrl: string | null | undefined;
  if (input.logo === "remove") logoUrl = null;
  else if (input.logo) {
    const parsed = z.object({ logo: logoUpload }).parse({ logo: input.logo.upload });
    logoUrl = logoDataUrl(parsed.logo);
  }

  const changed: string[] = [];
  if (fields.name !== before.name) changed.push("name");
  if (fields.accentColor !== before.brandAccentColor.toLowerCase()) changed.push("accentColor");
  if (fields.timezone !== before.timezone) changed.push("timezone");
  if (fields.currency !== before.currency) changed.push("currency");
  if (logoUrl !== undefined && logoUrl !== before.brandLogoUrl)
    changed.push(logoUrl ? "logo" : "logoRemoved");
  if (changed.length === 0) return { changed };

  // Values, not the logo itself: the log stays small and readable.
  const details: Record<string, string | null> = {};
  if (changed.includes("name")) Object.assign(details, { nameFrom: before.name, name: fields.name });
  if (changed.includes("accentColor")) details.accentColor = fields.accentColor;
  if (changed.includes("timezone")) details.timezone = fields.timezone;
  if (changed.includes("currency")) details.currency = fields.currency;
  if (changed.includes("logo")) details.logo = "uploaded";
  if (changed.includes("logoRemoved")) details.logo = "removed";
  await db.$transaction(async (tx) => {
    await tx.workspace.update({
      where: { id: input.workspaceId },
      data: {
        name: fields.name,
        brandAccentColor: fields.accentColor,
        timezone: fields.timezone,
        currency: fields.currency,
        ...(logoUrl === undefined ? {} : { brandLogoUrl: logoUrl }),
      },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: userActor(input.actorUserId),
      action: "workspace.settings_updated",
      target: input.workspaceId,
      details,
    });
  });
  return { changed };
}
