import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { addReasonInput, updateReasonInput } from "./schema";

export function listReasons(workspaceId: string, opts: { enabledOnly?: boolean } = {}) {
  return db.reason.findMany({
    where: { workspaceId, ...(opts.enabledOnly ? { enabled: true } : {}) },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, key: true, label: true, enabled: true, position: true },
  });
}

export async function addReason(workspaceId: string, raw: unknown) {
  const input = addReasonInput.parse(raw);
  const last = await db.reason.aggregate({ where: { workspaceId }, _max: { position: true } });
  try {
    return await db.reason.create({
      data: { workspaceId, ...input, position: (last._max.position ?? -1) + 1 },
      select: { id: true, key: true, label: true, enabled: true, position: true },
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") {
      throw new ApiError("conflict", `A reason with key "${input.key}" already exists`);
    }
    throw e;
  }
}

export async function updateReason(workspaceId: string, key: string, raw: unknown) {
  const input = updateReasonInput.parse(raw);
  const reason = await db.reason.findUnique({
    where: { workspaceId_key: { workspaceId, key } },
    select: { id: true },
  });
  if (!reason) throw new ApiError("not_found", `No reason "${key}"`);
  return db.reason.update({
    where: { id: reason.id },
    data: input,
    select: { id: true, key: true, label: true, enabled: true, position: true },
  });
}

/** Sets the display order: `keys` first, in that order; any reason not named keeps its place after them. */
export async function reorderReasons(workspaceId: string, keys: string[]) {
  const reasons = await listReasons(workspaceId);
  const known = new Set(reasons.map((r) => r.key));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length) throw new ApiError("invalid_request", `Unknown reason keys: ${unknown.join(", ")}`);
  const order = [...new Set(keys), ...reasons.map((r) => r.key).filter((k) => !keys.includes(k))];
  await db.$transaction(
    order.map((key, position) =>
      db.reason.update({ where: { workspaceId_key: { workspaceId, key } }, data: { position } }),
    ),
  );
  return listReasons(workspaceId);
}

/** Moves one reason a place up or down; false (nothing changed) when it is already at that end. */
export async function moveReason(workspaceId: string, key: string, direction: "up" | "down") {
  const keys = (await listReasons(workspaceId)).map((r) => r.key);
  const i = keys.indexOf(key);
  const j = i + (direction === "up" ? -1 : 1);
  if (i < 0 || j < 0 || j >= keys.length) return false;
  [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  await reorderReasons(workspaceId, keys);
  return true;
}
