// Dashboard forms through the action wrapper: a refused form gets back what it sent (so the page
// shows it again) with each error under its field's name; URLs typed without a scheme are https;
// reordering reasons sets every position at once and is audited as the signed-in user.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  addReasonAction,
  addReturnHostAction,
  createOfferAction,
  reorderReasonsAction,
} from "@/app/dashboard/settings/hosted-flow/actions";
import { db } from "@/lib/db";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { createTestWorkspace } from "../helpers/factories";
import { request, resetRequest } from "../helpers/signed-in-request";

vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));
// Outside a request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

afterEach(() => {
  resetRequest();
});

async function owner() {
  const u = await db.user.create({ data: { email: `forms-${randomBytes(4).toString("hex")}@example.com` } });
  const user = { id: u.id, email: u.email!, name: null };
  const { workspace } = await createTestWorkspace({ ownerUserId: u.id });
  request.user = user;
  request.cookies.set("rb_workspace", workspace.id);
  return { user, workspaceId: workspace.id };
}

function form(fields: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) f.append(k, x);
  return f;
}

describe("a refused dashboard form", () => {
  it("gets back what it sent, and each error under its field", async () => {
    const { workspaceId } = await owner();
    const result = await createOfferAction(
      null,
      form({
        workspaceId,
        reasonKey: "too_expensive",
        type: "discount",
        label: "Half off",
        termsText: "",
        plans: "pro",
        minMrr: "100",
        maxMrr: "50",
        minTenureDays: "",
        maxTenureDays: "",
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { minMrr: "Min MRR must not exceed max MRR" },
      values: { reasonKey: "too_expensive", label: "Half off", plans: "pro", minMrr: "100", maxMrr: "50" },
    });
    // Never the workspace id: the page renders its own.
    expect(result.ok ? null : result.values).not.toHaveProperty("workspaceId");
    expect(await db.offer.count({ where: { workspaceId } })).toBe(0);
  });

  it("a reason key says what it may contain, beside the key", async () => {
    const { workspaceId } = await owner();
    const result = await addReasonAction(null, form({ workspaceId, key: "Too Slow!", label: "Slow" }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { key: "Use only lowercase letters, digits and _ (like too_slow)" },
      values: { key: "Too Slow!", label: "Slow" },
    });
    const dup = await addReasonAction(null, form({ workspaceId, key: "other", label: "Again" }));
    expect(dup).toMatchObject({
      ok: false,
      fieldErrors: { key: 'A reason with key "other" already exists' },
    });
  });
});

describe("URLs typed without a scheme", () => {
  it("are taken as https", async () => {
    const { workspaceId } = await owner();
    expect(
      await addReturnHostAction(null, form({ workspaceId, url: "billing.example.com/account" })),
    ).toEqual({
      ok: true,
      message: "https://billing.example.com is allowed.",
    });
  });
});

describe("reordering reasons by drag", () => {
  it("sets the whole order at once, audited as the signed-in user", async () => {
    const { workspaceId, user } = await owner();
    const keys = (await listReasons(workspaceId)).map((r) => r.key).reverse();
    expect(await reorderReasonsAction(null, form({ workspaceId, keys }))).toEqual({
      ok: true,
      message: "Order saved.",
    });
    const after = await listReasons(workspaceId);
    expect(after.map((r) => r.key)).toEqual(keys);
    expect(after.map((r) => r.position)).toEqual(keys.map((_, i) => i));
    const entry = await db.auditLog.findFirst({ where: { workspaceId, action: "reason.reordered" } });
    expect(entry).toMatchObject({ actor: `user:${user.id}`, actorUserId: user.id, details: { order: keys } });
  });

  it("an unknown key changes nothing", async () => {
    const { workspaceId } = await owner();
    const before = await listReasons(workspaceId);
    expect(await reorderReasonsAction(null, form({ workspaceId, keys: ["other", "nope"] }))).toMatchObject({
      ok: false,
    });
    expect(await listReasons(workspaceId)).toEqual(before);
  });
});
