import { db } from "@/lib/db";

/** Reason key → the label merchants gave it (keys of deleted reasons fall back to the key). */
export async function reasonLabels(workspaceId: string): Promise<Record<string, string>> {
  const reasons = await db.reason.findMany({ where: { workspaceId }, select: { key: true, label: true } });
  return { ...Object.fromEntries(reasons.map((r) => [r.key, r.label])), unspecified: "No reason given" };
}
