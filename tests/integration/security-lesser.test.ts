// The lesser items of the security review: how many workspaces (and free trials) one user gets,
// and who may replace or revoke an invitation that would make someone an owner.
import "../helpers/loopback-guard";
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkspaceAction } from "@/app/dashboard/actions";
import { ApiError } from "@/lib/api/errors";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createWorkspace } from "@/lib/domain/workspaces/create-workspace";
import { inviteMember, revokeInvitation } from "@/lib/domain/workspaces/team";
import { resetEnvCache } from "@/lib/env";
import { request, resetRequest } from "../helpers/signed-in-request";

vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));
// Outside a request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const BILLING = {
  STRIPE_SECRET_KEY: "sk_test_limits",
  STRIPE_WEBHOOK_SECRET: "whsec_test_limits_0123456789",
  STRIPE_PRICE_CORE: "price_core",
  STRIPE_PRICE_ADVANCED: "price_advanced",
  MAX_WORKSPACES_PER_USER: "3",
};

beforeAll(() => {
  delete process.env.REDIS_URL;
  delete process.env.SMTP_URL;
  Object.assign(process.env, BILLING);
  resetEnvCache();
});
afterAll(() => {
  for (const k of Object.keys(BILLING)) delete process.env[k];
  resetEnvCache();
});
afterEach(() => {
  resetRequest();
  resetRateLimiters();
});

const uid = () => randomBytes(4).toString("hex");

async function signedInUser(): Promise<SessionUser> {
  const u = await db.user.create({ data: { email: `founder-${uid()}@example.com` } });
  request.user = { id: u.id, email: u.email!, name: null };
  return request.user;
}

function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

const create = (name: string) => createWorkspaceAction(null, form({ name, returnUrl: "" }));

async function ownedBy(userId: string) {
  return db.workspace.findMany({
    where: { memberships: { some: { userId, role: "owner" } } },
    orderBy: { createdAt: "asc" },
    select: { name: true, subscriptionStatus: true, accessEndsAt: true },
  });
}

describe("workspaces and trials per user", () => {
  it("gives one free trial per user: the next workspace starts without one, until a plan is chosen", async () => {
    const user = await signedInUser();
    expect(await create("First")).toMatchObject({ ok: true });
    expect(await create("Second")).toMatchObject({ ok: true });
    const [first, second] = await ownedBy(user.id);
    expect(first).toMatchObject({ name: "First", subscriptionStatus: "trialing" });
    expect(first!.accessEndsAt).not.toBeNull();
    // No second trial: the workspace exists, read-only until its owner picks a plan under Billing.
    expect(second).toMatchObject({ name: "Second", subscriptionStatus: "incomplete", accessEndsAt: null });
  });

  it("counts a trial had on any workspace, even one the user has left", async () => {
    const user = await signedInUser();
    expect(await create("Trial")).toMatchObject({ ok: true });
    await db.membership.deleteMany({ where: { userId: user.id } });
    expect(await create("Again")).toMatchObject({ ok: true });
    expect(await ownedBy(user.id)).toMatchObject([{ name: "Again", subscriptionStatus: "incomplete" }]);
  });

  it(`refuses a workspace beyond MAX_WORKSPACES_PER_USER with a message the form shows, not a 500`, async () => {
    const user = await signedInUser();
    for (const name of ["One", "Two", "Three"]) expect(await create(name)).toMatchObject({ ok: true });
    const refused = await create("Four");
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^You already own 3 workspaces, the most one account can create/),
    });
    // The form shows what was typed again beside the refusal.
    expect(refused).toMatchObject({ values: { name: "Four" } });
    expect((await ownedBy(user.id)).map((w) => w.name)).toEqual(["One", "Two", "Three"]);
  });

  it("holds the cap when several creations race", async () => {
    const user = await signedInUser();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createWorkspace({ name: `Race ${i}`, ownerUserId: user.id })).map(
        (p) =>
          p.then(
            () => "created",
            (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
          ),
      ),
    );
    expect(results.filter((r) => r === "created")).toHaveLength(3);
    expect(results.filter((r) => r === "conflict")).toHaveLength(3);
    expect(await ownedBy(user.id)).toHaveLength(3);
  });
});

describe("an owner's invitation", () => {
  async function team() {
    const owner = await db.user.create({ data: { email: `owner-${uid()}@example.com` } });
    const admin = await db.user.create({ data: { email: `admin-${uid()}@example.com` } });
    const { workspace } = await createWorkspace({ name: "Team", ownerUserId: owner.id });
    await db.membership.create({ data: { workspaceId: workspace.id, userId: admin.id, role: "admin" } });
    const email = `future-owner-${uid()}@example.com`;
    const invitation = await inviteMember({
      workspaceId: workspace.id,
      actor: { userId: owner.id, role: "owner" },
      email,
      role: "owner",
    });
    const stored = () =>
      db.invitation.findMany({
        where: { workspaceId: workspace.id },
        select: { id: true, email: true, role: true, tokenHash: true, invitedById: true, expiresAt: true },
      });
    return { owner, admin, workspace, email, invitation, before: await stored(), stored };
  }

  async function refusal(p: Promise<unknown>) {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }

  it("cannot be revoked by an admin: refused, the invitation unchanged", async () => {
    const t = await team();
    const e = await refusal(
      revokeInvitation({
        workspaceId: t.workspace.id,
        actorUserId: t.admin.id,
        invitationId: t.invitation.invitationId,
      }),
    );
    expect(e.code).toBe("forbidden");
    expect(e.message).toBe("Only owners can revoke or replace an invitation to become an owner");
    expect(await t.stored()).toEqual(t.before);
    const audit = await db.auditLog.count({
      where: { workspaceId: t.workspace.id, action: "member.invitation_revoked" },
    });
    expect(audit).toBe(0);
  });

  it("cannot be replaced by an admin inviting the same address as admin or member", async () => {
    const t = await team();
    for (const role of ["admin", "member"] as const) {
      const e = await refusal(
        inviteMember({
          workspaceId: t.workspace.id,
          actor: { userId: t.admin.id, role: "admin" },
          email: t.email,
          role,
        }),
      );
      expect(e.code).toBe("forbidden");
      expect(e.details).toMatchObject({ issues: [{ path: "email" }] });
    }
    expect(await t.stored()).toEqual(t.before);
  });

  it("can be revoked or replaced by an owner; an admin still manages other invitations", async () => {
    const t = await team();
    const memberInvite = await inviteMember({
      workspaceId: t.workspace.id,
      actor: { userId: t.admin.id, role: "admin" },
      email: `member-${uid()}@example.com`,
      role: "member",
    });
    await expect(
      revokeInvitation({
        workspaceId: t.workspace.id,
        actorUserId: t.admin.id,
        invitationId: memberInvite.invitationId,
      }),
    ).resolves.toMatchObject({ email: memberInvite.email });
    const replaced = await inviteMember({
      workspaceId: t.workspace.id,
      actor: { userId: t.owner.id, role: "owner" },
      email: t.email,
      role: "admin",
    });
    expect(replaced.role).toBe("admin");
    await expect(
      revokeInvitation({
        workspaceId: t.workspace.id,
        actorUserId: t.owner.id,
        invitationId: replaced.invitationId,
      }),
    ).resolves.toMatchObject({ email: t.email });
    expect(await t.stored()).toEqual([]);
  });

  it("a plain member inviting anyone is told who may invite, not the owners' rule", async () => {
    const t = await team();
    await expect(
      inviteMember({
        workspaceId: t.workspace.id,
        actor: { userId: t.admin.id, role: "member" },
        email: `member-${uid()}@example.com`,
        role: "member",
      }),
    ).rejects.toMatchObject({ code: "forbidden", message: "Only admins and owners can invite members" });
  });
});
