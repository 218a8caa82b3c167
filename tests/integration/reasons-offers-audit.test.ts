// Reason and offer changes leave their trail in the audit log, written in the transaction that makes
// the change: an entry exists exactly when the change does, whoever called (dashboard, CLI).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { userActor } from "@/lib/domain/audit";
import { createOffer, deleteOffer, updateOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason, listReasons, reorderReasons, updateReason } from "@/lib/domain/reasons-offers/reasons";
import { createTestWorkspace } from "../helpers/factories";

async function setup() {
  const u = await db.user.create({ data: { email: `audit-${randomBytes(4).toString("hex")}@example.com` } });
  const { workspace } = await createTestWorkspace({ ownerUserId: u.id });
  return { workspaceId: workspace.id, actor: userActor(u.id), userId: u.id };
}

const trail = (workspaceId: string) =>
  db.auditLog.findMany({
    where: { workspaceId, action: { startsWith: "reason." } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, target: true, details: true, actor: true, actorUserId: true },
  });
const offerTrail = (workspaceId: string) =>
  db.auditLog.findMany({
    where: { workspaceId, action: { startsWith: "offer." } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, target: true, details: true },
  });

describe("reason changes in the audit log", () => {
  it("create, rename, disable, enable and reorder each record who did what", async () => {
    const { workspaceId, actor, userId } = await setup();
    await addReason(workspaceId, { key: "too_slow", label: "It's too slow" }, { actor });
    await updateReason(workspaceId, "too_slow", { label: "It is too slow" }, { actor });
    await updateReason(workspaceId, "too_slow", { enabled: false }, { actor });
    await updateReason(workspaceId, "too_slow", { enabled: true }, { actor });
    await reorderReasons(workspaceId, ["too_slow", "other"], { actor });

    const entries = await trail(workspaceId);
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ["reason.created", "too_slow"],
      ["reason.renamed", "too_slow"],
      ["reason.disabled", "too_slow"],
      ["reason.enabled", "too_slow"],
      ["reason.reordered", null],
    ]);
    expect(entries.every((e) => e.actor === actor && e.actorUserId === userId)).toBe(true);
    expect(entries[1]!.details).toEqual({ from: "It's too slow", to: "It is too slow" });
    const order = (await listReasons(workspaceId)).map((r) => r.key);
    expect(order.slice(0, 2)).toEqual(["too_slow", "other"]);
    expect((entries[4]!.details as { order: string[] }).order).toEqual(order);
  });

  it("a change that is refused records nothing and changes nothing", async () => {
    const { workspaceId, actor } = await setup();
    const before = (await listReasons(workspaceId)).map((r) => [r.key, r.position]);
    await expect(addReason(workspaceId, { key: "other", label: "Dup" }, { actor })).rejects.toThrow(
      /already exists/,
    );
    await expect(reorderReasons(workspaceId, ["other", "nope"], { actor })).rejects.toThrow(/nope/);
    await expect(updateReason(workspaceId, "nope", { label: "X" }, { actor })).rejects.toThrow(/nope/);
    // Saving the same label again is no change.
    await updateReason(workspaceId, "other", { label: "Something else" }, { actor });
    expect(await trail(workspaceId)).toEqual([]);
    expect((await listReasons(workspaceId)).map((r) => [r.key, r.position])).toEqual(before);
  });
});

describe("offer changes in the audit log", () => {
  it("create, update and delete are recorded with the offer's id", async () => {
    const { workspaceId, actor } = await setup();
    const offer = await createOffer(
      workspaceId,
      { type: "pause", terms: { maxMonths: 3 }, label: "Pause a month", reasonKey: "temporary" },
      { actor },
    );
    await updateOffer(workspaceId, offer.id, { enabled: false }, { actor });
    await deleteOffer(workspaceId, offer.id, { actor });
    const entries = await offerTrail(workspaceId);
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ["offer.created", offer.id],
      ["offer.updated", offer.id],
      ["offer.deleted", offer.id],
    ]);
    expect(entries[0]!.details).toMatchObject({
      label: "Pause a month",
      type: "pause",
      reasonKey: "temporary",
    });
    expect(entries[1]!.details).toEqual({ changed: ["enabled"], enabled: false });
  });

  it("a refused offer is neither stored nor recorded", async () => {
    const { workspaceId, actor } = await setup();
    await expect(
      createOffer(
        workspaceId,
        {
          type: "discount",
          terms: { percentOff: 20, durationMonths: 1 },
          label: "Half off",
          targeting: { minMrr: 100, maxMrr: 50 },
        },
        { actor },
      ),
    ).rejects.toThrow();
    await expect(deleteOffer(workspaceId, "off_nope", { actor })).rejects.toThrow();
    expect(await offerTrail(workspaceId)).toEqual([]);
    expect(await db.offer.count({ where: { workspaceId } })).toBe(0);
  });
});
