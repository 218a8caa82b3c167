// The offer cooldown: a customer (userId, per environment) who accepted an offer in the last N days
// sees no offer in the hosted flow (lib/domain/cancel-sessions/flow.ts reads it). 0: no cooldown.
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";

export const DEFAULT_OFFER_COOLDOWN_DAYS = 90;
export const MAX_OFFER_COOLDOWN_DAYS = 365;

export const offerCooldownDaysSchema = z
  .number({ error: "Enter a whole number of days from 0 to 365" })
  .int("Enter a whole number of days from 0 to 365")
  .min(0, "Enter a whole number of days from 0 to 365")
  .max(MAX_OFFER_COOLDOWN_DAYS, "Enter a whole number of days from 0 to 365");

export async function getOfferCooldownDays(workspaceId: string): Promise<number> {
  const ws = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { offerCooldownDays: true },
  });
  return ws.offerCooldownDays;
}

/** Sets the cooldown; audited as a settings change (with the old value) when it changes. */
export async function updateOfferCooldown(
  workspaceId: string,
  days: number,
  opts: { actor?: Actor } = {},
): Promise<{ offerCooldownDays: number; changed: boolean }> {
  const parsed = offerCooldownDaysSchema.safeParse(days);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Invalid cooldown";
    throw new ApiError("invalid_request", message, {
      issues: [{ path: "offerCooldownDays", message }],
    });
  }
  return db.$transaction(async (tx) => {
    const before = await tx.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { offerCooldownDays: true },
    });
    if (before.offerCooldownDays === parsed.data) return { offerCooldownDays: parsed.data, changed: false };
    await tx.workspace.update({ where: { id: workspaceId }, data: { offerCooldownDays: parsed.data } });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "workspace.settings_updated",
      target: workspaceId,
      details: { offerCooldownDaysFrom: before.offerCooldownDays, offerCooldownDays: parsed.data },
    });
    return { offerCooldownDays: parsed.data, changed: true };
  });
}
