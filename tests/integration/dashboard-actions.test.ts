// Dashboard server actions through their one wrapper (lib/dashboard/action.ts), called as the
// browser calls them: a FormData, the signed-in user's session and the workspace cookie.
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { switchWorkspace } from "@/app/dashboard/actions";
import {
  revealSigningSecretAction,
  revokeApiKeyAction,
  rotateSigningSecretAction,
} from "@/app/dashboard/settings/api/actions";
import { updateGeneralAction } from "@/app/dashboard/settings/general/actions";
import {
  deleteOfferAction,
  removeReturnHostAction,
  updateReasonAction,
} from "@/app/dashboard/settings/hosted-flow/actions";
import { setWeeklyReportAction } from "@/app/dashboard/settings/notifications/actions";
import type { SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { revealSigningSecret } from "@/lib/domain/workspaces/signing-secrets";
import { createTestWorkspace } from "../helpers/factories";
import { request, resetRequest } from "../helpers/signed-in-request";

// ─── The request around an action: who is signed in, and the workspace cookie ───

vi.mock("@/lib/auth/session", () => import("../helpers/signed-in-request").then((m) => m.sessionModule()));
vi.mock("next/headers", (orig) => import("../helpers/signed-in-request").then((m) => m.headersModule(orig)));
// Outside a request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
// The real thing, with a handle to make it fail once.
vi.mock("@/lib/domain/workspaces/signing-secrets", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/domain/workspaces/signing-secrets")>();
  return { ...actual, revealSigningSecret: vi.fn(actual.revealSigningSecret) };
});

afterEach(() => {
  resetRequest();
});

const STALE = "You switched to another workspace in a different tab: reload this page, then try again.";
const uid = () => randomBytes(4).toString("hex");

async function userNamed(prefix: string): Promise<SessionUser> {
  const u = await db.user.create({ data: { email: `${prefix}-${uid()}@example.com` } });
  return { id: u.id, email: u.email!, name: null };
}

/** Signs `user` in with `workspaceId` as the current workspace (what the switcher's cookie says). */
function signedIn(user: SessionUser, workspaceId: string) {
  request.user = user;
  request.cookies.set("rb_workspace", workspaceId);
}

/** A form as the page rendered it: its fields and the workspace it was rendered for. */
function form(fields: Record<string, string>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

/** Everything the tested actions could change in a workspace, to compare before and after. */
async function snapshot(workspaceId: string) {
  const [keys, reasons, offers, hosts, secrets, audit] = await Promise.all([
    db.apiKey.findMany({
      where: { workspaceId },
      orderBy: { id: "asc" },
      select: { id: true, revokedAt: true },
    }),
    db.reason.findMany({
      where: { workspaceId },
      orderBy: { key: "asc" },
      select: { key: true, label: true },
    }),
    db.offer.findMany({ where: { workspaceId }, orderBy: { id: "asc" }, select: { id: true } }),
    db.returnHost.findMany({ where: { workspaceId }, orderBy: { origin: "asc" }, select: { origin: true } }),
    db.signingSecret.findMany({
      where: { workspaceId },
      orderBy: { id: "asc" },
      select: { id: true, expiresAt: true },
    }),
    db.auditLog.count({ where: { workspaceId } }),
  ]);
  return { keys, reasons, offers, hosts, secrets, audit };
}

/** An owner of two workspaces, A and B, which share a reason key and a return host. */
async function ownerOfTwo() {
  const owner = await userNamed("owner");
  const shared = "https://shared.example/account";
  const a = await createTestWorkspace({ ownerUserId: owner.id, returnUrls: [shared] });
  const b = await createTestWorkspace({ ownerUserId: owner.id, returnUrls: [shared] });
  const offer = await createOffer(a.workspace.id, {
    type: "discount",
    terms: { percentOff: 20, durationMonths: 1 },
    label: "20% off",
    targeting: {},
    enabled: true,
  });
  return { owner, a, b, offer, sharedOrigin: "https://shared.example" };
}

describe("a tab rendered for workspace A, submitted after switching to workspace B", () => {
  let t: Awaited<ReturnType<typeof ownerOfTwo>>;
  beforeAll(async () => {
    t = await ownerOfTwo();
  });

  const cases = [
    {
      name: "revoking an API key",
      submit: () => revokeApiKeyAction(null, form({ workspaceId: t.a.workspace.id, keyId: t.a.apiKey.id })),
    },
    {
      name: "editing a reason (both workspaces have too_expensive)",
      submit: () =>
        updateReasonAction(
          null,
          form({ workspaceId: t.a.workspace.id, key: "too_expensive", label: "Changed in the wrong tab" }),
        ),
    },
    {
      name: "deleting an offer",
      submit: () => deleteOfferAction(null, form({ workspaceId: t.a.workspace.id, offerId: t.offer.id })),
    },
    {
      name: "removing a return host (both workspaces allow it)",
      submit: () =>
        removeReturnHostAction(null, form({ workspaceId: t.a.workspace.id, origin: t.sharedOrigin })),
    },
    {
      name: "rotating the signing secret",
      submit: () => rotateSigningSecretAction(null, form({ workspaceId: t.a.workspace.id })),
    },
  ];

  for (const c of cases) {
    it(`${c.name} is refused and changes nothing in either workspace`, async () => {
      signedIn(t.owner, t.b.workspace.id);
      const before = [await snapshot(t.a.workspace.id), await snapshot(t.b.workspace.id)];
      // The refusal, and what was typed, to show again (lib/dashboard/action.ts).
      expect(await c.submit()).toMatchObject({ ok: false, message: STALE });
      expect([await snapshot(t.a.workspace.id), await snapshot(t.b.workspace.id)]).toEqual(before);
    });
  }

  it("the same form works in the workspace it was rendered for", async () => {
    signedIn(t.owner, t.a.workspace.id);
    const result = await removeReturnHostAction(
      null,
      form({ workspaceId: t.a.workspace.id, origin: t.sharedOrigin }),
    );
    expect(result).toEqual({ ok: true, message: `${t.sharedOrigin} removed.` });
    expect((await snapshot(t.a.workspace.id)).hosts).toEqual([]);
    expect((await snapshot(t.b.workspace.id)).hosts).toEqual([{ origin: t.sharedOrigin }]);
  });

  it("a form that does not say which workspace it is for is refused", async () => {
    signedIn(t.owner, t.b.workspace.id);
    const before = await snapshot(t.b.workspace.id);
    const result = await rotateSigningSecretAction(null, form({}));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/reload this page/) });
    expect(await snapshot(t.b.workspace.id)).toEqual(before);
  });
});

describe("the action wrapper", () => {
  it("applies the write policy first: the demo workspace, then the member's role", async () => {
    const owner = await userNamed("owner");
    const mine = await createTestWorkspace({ ownerUserId: owner.id });
    const demo = await createTestWorkspace({ isDemo: true });
    // A form of the user's own workspace, posted once the cookie says demo: the demo refusal.
    signedIn(owner, demo.workspace.id);
    expect(
      await updateGeneralAction(null, form({ workspaceId: mine.workspace.id, name: "Renamed demo" })),
    ).toEqual({
      ok: false,
      message: "The demo workspace is read-only: create your own workspace to make changes.",
      values: { name: "Renamed demo" },
    });

    const member = await userNamed("member");
    await db.membership.create({
      data: { workspaceId: mine.workspace.id, userId: member.id, role: "member" },
    });
    signedIn(member, mine.workspace.id);
    expect(await rotateSigningSecretAction(null, form({ workspaceId: mine.workspace.id }))).toEqual({
      ok: false,
      message: "Only admins and owners can do this.",
    });
    // What members may do, they may.
    expect(
      await setWeeklyReportAction(null, form({ workspaceId: mine.workspace.id, weeklyReport: "on" })),
    ).toMatchObject({ ok: true });
  });

  it("refuses writes once the subscription has ended", async () => {
    const owner = await userNamed("owner");
    const lapsed = await createTestWorkspace({ ownerUserId: owner.id, subscription: "expired" });
    signedIn(owner, lapsed.workspace.id);
    expect(await rotateSigningSecretAction(null, form({ workspaceId: lapsed.workspace.id }))).toEqual({
      ok: false,
      message:
        "This workspace is read-only because its subscription has ended: renew it under Billing to make changes.",
    });
  });

  it("shows domain errors as messages, field errors beside their field, and unstorable text by field", async () => {
    const owner = await userNamed("owner");
    const ws = await createTestWorkspace({ ownerUserId: owner.id });
    signedIn(owner, ws.workspace.id);
    expect(
      await deleteOfferAction(null, form({ workspaceId: ws.workspace.id, offerId: "off_nope" })),
    ).toEqual({
      ok: false,
      message: "No offer off_nope",
      values: { offerId: "off_nope" },
    });
    expect(
      await updateReasonAction(null, form({ workspaceId: ws.workspace.id, key: "too_expensive", label: "" })),
    ).toMatchObject({ ok: false, fieldErrors: { label: "Label is required" } });
    expect(
      await updateReasonAction(
        null,
        form({ workspaceId: ws.workspace.id, key: "too_expensive", label: "bad\u0000label" }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { label: expect.any(String) } });
    // Whatever the request encoded instead of a FormData reads as an empty form: refused, not a crash.
    expect(await revokeApiKeyAction(null, "not a form" as unknown as FormData)).toMatchObject({ ok: false });
  });

  it("an unexpected failure is logged and shown as a generic message, never thrown", async () => {
    const owner = await userNamed("owner");
    const ws = await createTestWorkspace({ ownerUserId: owner.id });
    signedIn(owner, ws.workspace.id);
    vi.mocked(revealSigningSecret).mockRejectedValueOnce(new Error("connection lost"));
    expect(await revealSigningSecretAction(null, form({ workspaceId: ws.workspace.id }))).toEqual({
      ok: false,
      message: "Something went wrong on our side. Please try again.",
    });
  });

  it("records who did it, in the same transaction as the change", async () => {
    const owner = await userNamed("owner");
    const ws = await createTestWorkspace({ ownerUserId: owner.id });
    signedIn(owner, ws.workspace.id);
    const revealed = await revealSigningSecretAction(null, form({ workspaceId: ws.workspace.id }));
    expect(revealed).toEqual({ ok: true, data: { secret: ws.signingSecret } });
    await rotateSigningSecretAction(null, form({ workspaceId: ws.workspace.id }));
    const entries = await db.auditLog.findMany({
      where: { workspaceId: ws.workspace.id, action: { not: "workspace.created" } },
      orderBy: { createdAt: "asc" },
      select: { action: true, actor: true, actorUserId: true },
    });
    expect(entries).toEqual([
      { action: "signing_secret.revealed", actor: `user:${owner.id}`, actorUserId: owner.id },
      { action: "signing_secret.rotated", actor: `user:${owner.id}`, actorUserId: owner.id },
    ]);
  });
});

describe("General settings as the browser posts them", () => {
  it("saves with no logo chosen: the empty file part a browser sends is no upload", async () => {
    const owner = await userNamed("owner");
    const { workspace } = await createTestWorkspace({ ownerUserId: owner.id });
    signedIn(owner, workspace.id);
    const f = form({
      workspaceId: workspace.id,
      name: "Renamed",
      accentColor: "#0f766e",
      timezone: "UTC",
      currency: "EUR",
      removeLogo: "false",
    });
    // What an untouched <input type="file"> arrives as: an empty part, not always named "".
    f.set("logo", new Blob([], { type: "application/octet-stream" }));
    expect(await updateGeneralAction(null, f)).toMatchObject({ ok: true });
    expect(
      await db.workspace.findUniqueOrThrow({
        where: { id: workspace.id },
        select: { name: true, currency: true, brandLogoUrl: true },
      }),
    ).toEqual({ name: "Renamed", currency: "EUR", brandLogoUrl: null });
  });
});

describe("the workspace switcher (a plain form through the wrapper)", () => {
  async function redirectOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (e) {
      const digest = (e as { digest?: string }).digest ?? "";
      if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2]!;
      throw e;
    }
    throw new Error("the action did not redirect");
  }

  it("opens a workspace the user may open; ignores one they may not, or an unreadable id", async () => {
    const t = await ownerOfTwo();
    const stranger = await createTestWorkspace({ ownerUserId: (await userNamed("stranger")).id });
    signedIn(t.owner, t.a.workspace.id);

    expect(await redirectOf(switchWorkspace(form({ workspaceId: t.b.workspace.id })))).toBe("/dashboard");
    expect(request.cookies.get("rb_workspace")).toBe(t.b.workspace.id);

    expect(await redirectOf(switchWorkspace(form({ workspaceId: stranger.workspace.id })))).toBe(
      "/dashboard",
    );
    expect(await redirectOf(switchWorkspace(form({ workspaceId: "ws_\u0000" })))).toBe("/dashboard");
    expect(request.cookies.get("rb_workspace")).toBe(t.b.workspace.id);
  });
});
