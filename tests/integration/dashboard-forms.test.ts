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
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { createTestWorkspace } from "../helpers/factories";

const request = vi.hoisted(() => ({
  user: null as SessionUser | null,
  cookies: new Map<string, string>(),
}));
vi.mock("@/lib/auth/session", () => ({
  currentUser: async () => request.user,
  requireUser: async () => {
    if (!request.user) throw new Error("test: no one is signed in");
    return request.user;
  },
}));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  cookies: async () => ({
    get: (name: string) =>
      request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined,
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

afterEach(() => {
  request.user = null;
  request.cookies.clear();
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
        terms: "",
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
