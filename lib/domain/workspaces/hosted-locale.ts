// The hosted flow's language and law for a workspace: the default locale (a link without a locale,
// from a browser we do not speak, gets it; the reasons' and offers' own texts are in it) and the
// compliance setting (auto: by the customer's country and region, lib/domain/compliance/mode.ts;
// else one forced mode). Set from Settings → Hosted flow and `rb workspace update`.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { type ComplianceSetting, complianceSettingSchema } from "@/lib/domain/compliance/mode";
import { type Locale, SUPPORTED_LOCALES } from "@/lib/i18n/locales";

export const defaultLocaleSchema = z.enum(SUPPORTED_LOCALES, {
  error: `Choose one of the languages the hosted flow speaks: ${SUPPORTED_LOCALES.join(", ")}`,
});

export const complianceModeSchema = z.enum(complianceSettingSchema.options, {
  error: `Choose auto or one of the compliance modes: ${complianceSettingSchema.options.join(", ")}`,
});

export const hostedLocaleInput = z.strictObject({
  defaultLocale: defaultLocaleSchema.optional(),
  complianceMode: complianceModeSchema.optional(),
});

export type HostedLocaleSettings = { defaultLocale: Locale; complianceMode: ComplianceSetting };

/** The stored values, read as their types (a row from before the check constraint reads as the defaults). */
export async function getHostedLocaleSettings(workspaceId: string): Promise<HostedLocaleSettings> {
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { defaultLocale: true, complianceMode: true },
  });
  return {
    defaultLocale: defaultLocaleSchema.catch("en").parse(ws.defaultLocale),
    complianceMode: complianceSettingSchema.catch("auto").parse(ws.complianceMode),
  };
}

/**
 * Sets the default locale and/or the compliance setting (each optional: what is not given stays).
 * Refused values name their field (`defaultLocale`, `complianceMode`); what changed is audited as a
 * settings change with the old values, nothing when nothing changed.
 */
export async function updateHostedLocaleSettings(
  workspaceId: string,
  raw: { defaultLocale?: unknown; complianceMode?: unknown },
  opts: { actor?: Actor } = {},
): Promise<HostedLocaleSettings & { changed: ("defaultLocale" | "complianceMode")[] }> {
  const parsed = hostedLocaleInput.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join(".") || "input",
      message: i.message,
    }));
    throw new ApiError("invalid_request", issues.map((i) => i.message).join("; "), { issues });
  }
  const input = parsed.data;
  return db.$transaction(async (tx) => {
    const row = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { defaultLocale: true, complianceMode: true },
    });
    const next = {
      defaultLocale: input.defaultLocale ?? row.defaultLocale,
      complianceMode: input.complianceMode ?? row.complianceMode,
    } as HostedLocaleSettings;
    const changed = (["defaultLocale", "complianceMode"] as const).filter((k) => next[k] !== row[k]);
    if (!changed.length) return { ...next, changed: [] };
    await tx.workspace.update({
      where: { id: workspaceId },
      data: Object.fromEntries(changed.map((k) => [k, next[k]])),
    });
    const details: Record<string, string> = {};
    for (const k of changed) Object.assign(details, { [`${k}From`]: row[k], [k]: next[k] });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "workspace.settings_updated",
      target: workspaceId,
      details,
    });
    return { ...next, changed };
  });
}
