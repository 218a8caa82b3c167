// Dashboard settings domain: general settings and logos, team and invitations, the weekly report
// preference, the audit log, and the dashboard's "Send test event". Loopback only.
import "../helpers/loopback-guard";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { listAuditLog } from "@/lib/domain/audit";
import { brandingOf } from "@/lib/domain/cancel-sessions/flow";
import { getGeneralSettings, updateGeneralSettings } from "@/lib/domain/workspaces/general-settings";
import { getWeeklyReport, setWeeklyReport } from "@/lib/domain/workspaces/notifications";
import {
  acceptInvitation,
  changeMemberRole,
  findInvitation,
  inviteMember,
  listMembers,
  listPendingInvitations,
  removeMember,
  revokeInvitation,
} from "@/lib/domain/workspaces/team";
import { resetEnvCache } from "@/lib/env";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { retryWebhookDeliveryNow, sendTestWebhookNow } from "@/lib/webhooks/send-now";
import { createTestWorkspace } from "../helpers/factories";
import { type SmtpCapture, startSmtpCapture } from "../helpers/smtp-capture";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  process.env.SMTP_URL = smtp.url;
  process.env.APP_URL = "http://localhost:3999";
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvCache();
  await smtp.close();
});

const uid = () => randomBytes(4).toString("hex");

async function createUser(prefix = "user") {
  return db.user.create({
    data: { email: `${prefix}-${uid()}@example.com`, name: null },
    select: { id: true, email: true },
  }) as Promise<{ id: string; email: string }>;
}

/** A workspace owned by a fresh user. */
async function ownedWorkspace(plan: "core" | "advanced" = "advanced") {
  const owner = await createUser("owner");
  const { workspace } = await createTestWorkspace({ ownerUserId: owner.id, plan });
  return { owner, ws: workspace };
}

async function addMember(workspaceId: string, role: "owner" | "admin" | "member") {
  const user = await createUser(role);
  const m = await db.membership.create({
    data: { workspaceId, userId: user.id, role },
    select: { id: true },
  });
  return { user, membershipId: m.id };
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

async function zodPaths(promise: Promise<unknown>): Promise<string[]> {
  const e = await errorOf(promise);
  expect(e).toBeInstanceOf(ZodError);
  return (e as ZodError).issues.map((i) => i.path.join("."));
}

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);
const upload = (type: string, bytes: Uint8Array) => ({ upload: { type, size: bytes.length, bytes } });
const text = (s: string) => new TextEncoder().encode(s);

describe("general settings", () => {
  const fields = (over: Record<string, unknown> = {}) => ({
    name: "Acme",
    accentColor: "#0F766E",
    timezone: "Europe/Berlin",
    ...over,
  });

  it("saves name, accent colour and time zone, and records what changed", async () => {
    const { owner, ws } = await ownedWorkspace();
    const { changed } = await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields(),
      logo: null,
    });
    expect(changed).toEqual(["name", "accentColor", "timezone"]);
    expect(await getGeneralSettings(ws.id)).toMatchObject({
      name: "Acme",
      brandAccentColor: "#0f766e",
      timezone: "Europe/Berlin",
      brandLogoUrl: null,
    });
    const [entry] = await listAuditLog(ws.id, 1);
    expect(entry).toMatchObject({ action: "workspace.settings_updated", who: owner.email });
    expect(entry!.details).toMatchObject({ name: "Acme", accentColor: "#0f766e", timezone: "Europe/Berlin" });

    // Saving the same values again changes nothing and logs nothing.
    const again = await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields(),
      logo: null,
    });
    expect(again.changed).toEqual([]);
    expect((await listAuditLog(ws.id, 1))[0]!.id).toBe(entry!.id);
  });

  it("accepts UTC, which Intl does not list, and refuses unknown zones, bad colours and empty names by field", async () => {
    const { owner, ws } = await ownedWorkspace();
    await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields({ timezone: "UTC" }),
      logo: null,
    });
    expect((await getGeneralSettings(ws.id)).timezone).toBe("UTC");
    const paths = await zodPaths(
      updateGeneralSettings({
        workspaceId: ws.id,
        actorUserId: owner.id,
        fields: { name: "  ", accentColor: "red", timezone: "Mars/Olympus_Mons" },
        logo: null,
      }),
    );
    expect(paths.sort()).toEqual(["accentColor", "name", "timezone"]);
    expect((await getGeneralSettings(ws.id)).name).not.toBe("");
  });

  it("saves the workspace currency (USD until changed), audits it, and refuses codes that are not ISO 4217", async () => {
    const { owner, ws } = await ownedWorkspace();
    expect((await getGeneralSettings(ws.id)).currency).toBe("USD");
    const { changed } = await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields({ currency: "eur" }),
      logo: null,
    });
    expect(changed).toContain("currency");
    expect((await getGeneralSettings(ws.id)).currency).toBe("EUR");
    expect((await listAuditLog(ws.id, 1))[0]!.details).toMatchObject({ currency: "EUR" });

    const paths = await zodPaths(
      updateGeneralSettings({
        workspaceId: ws.id,
        actorUserId: owner.id,
        fields: fields({ currency: "EURO" }),
        logo: null,
      }),
    );
    expect(paths).toEqual(["currency"]);
    expect((await getGeneralSettings(ws.id)).currency).toBe("EUR");
  });

  it("stores an uploaded logo as a data: URL the hosted flow shows, and removes it on request", async () => {
    const { owner, ws } = await ownedWorkspace();
    await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields(),
      logo: upload("image/png", PNG),
    });
    const saved = await getGeneralSettings(ws.id);
    expect(saved.brandLogoUrl).toBe(`data:image/png;base64,${Buffer.from(PNG).toString("base64")}`);
    const branding = brandingOf({
      name: saved.name,
      brandLogoUrl: saved.brandLogoUrl,
      brandAccentColor: saved.brandAccentColor,
    });
    expect(branding.logoUrl).toBe(saved.brandLogoUrl);
    expect((await listAuditLog(ws.id, 1))[0]!.details).toMatchObject({ logo: "uploaded" });

    const svg = text(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
    );
    await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields(),
      logo: upload("image/svg+xml", svg),
    });
    expect((await getGeneralSettings(ws.id)).brandLogoUrl).toMatch(/^data:image\/svg\+xml;base64,/);

    const { changed } = await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields(),
      logo: "remove",
    });
    expect(changed).toEqual(["logoRemoved"]);
    expect((await getGeneralSettings(ws.id)).brandLogoUrl).toBeNull();
  });

  it("refuses logos of another type, over 100 KB, renamed files and scripted SVGs, leaving the old logo", async () => {
    const { owner, ws } = await ownedWorkspace();
    await updateGeneralSettings({
      workspaceId: ws.id,
      actorUserId: owner.id,
      fields: fields(),
      logo: upload("image/png", PNG),
    });
    const before = (await getGeneralSettings(ws.id)).brandLogoUrl;
    const big = new Uint8Array(100 * 1024 + 1);
    big.set(PNG);
    const cases: [string, Uint8Array, RegExp][] = [
      ["image/gif", text("GIF89a"), /PNG, JPEG, SVG or WebP/],
      ["text/html", text("<html>"), /PNG, JPEG, SVG or WebP/],
      ["image/png", big, /at most 100 KB/],
      ["image/png", text("not really a png"), /not the image type/],
      ["image/jpeg", PNG, /not the image type/],
      ["image/webp", text("RIFF0000WAVE"), /not the image type/],
      [
        "image/svg+xml",
        text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        /scripts/,
      ],
      ["image/svg+xml", text('<svg onload="alert(1)"></svg>'), /event handlers/],
      [
        "image/svg+xml",
        text('<svg><image href="https://tracker.example/x.png"/></svg>'),
        /external references/,
      ],
      ["image/svg+xml", text("just text"), /not the image type/],
      ["image/png", new Uint8Array(0), /empty/],
    ];
    for (const [type, bytes, message] of cases) {
      const e = await errorOf(
        updateGeneralSettings({
          workspaceId: ws.id,
          actorUserId: owner.id,
          fields: fields(),
          logo: upload(type, bytes),
        }),
      );
      expect(e, type).toBeInstanceOf(ZodError);
      const issue = (e as ZodError).issues[0]!;
      expect(issue.path.join("."), type).toBe("logo");
      expect(issue.message, type).toMatch(message);
    }
    expect((await getGeneralSettings(ws.id)).brandLogoUrl).toBe(before);
  });
});

describe("invitations", () => {
  const tokenOf = (url: string) => url.split("/invite/")[1]!;

  it("stores only the token's SHA-256, expires in 7 days, and emails the accept link", async () => {
    const { owner, ws } = await ownedWorkspace();
    const email = `New.Person-${uid()}@Example.com`;
    const now = new Date("2026-11-20T10:00:00Z");
    const inv = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: owner.id, role: "owner" },
      email,
      role: "admin",
      now,
    });
    expect(inv.emailed).toBe(true);
    expect(inv.email).toBe(email.toLowerCase());
    expect(inv.url).toMatch(/^http:\/\/localhost:3999\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(inv.url);

    const row = await db.invitation.findUniqueOrThrow({ where: { id: inv.invitationId } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(7 * 86_400_000);
    expect(row).toMatchObject({ role: "admin", invitedById: owner.id, acceptedAt: null });

    const mail = await smtp.waitFor((m) => m.to.includes(email.toLowerCase()));
    expect(mail.subject).toMatch(/invited you to/);
    expect(mail.text).toContain(inv.url);
    expect(mail.html).toContain(inv.url);

    const [entry] = await listAuditLog(ws.id, 1);
    expect(entry).toMatchObject({ action: "member.invited", target: email.toLowerCase(), who: owner.email });
    // Read against the same clock the invitation was made with (a fixed date is not "now").
    expect(await listPendingInvitations(ws.id, now)).toMatchObject([
      { email: email.toLowerCase(), role: "admin", invitedBy: owner.email, expired: false },
    ]);
    const weekLater = new Date(now.getTime() + 7 * 86_400_000);
    expect(await listPendingInvitations(ws.id, weekLater)).toMatchObject([{ expired: true }]);
  });

  it("refuses bad addresses, existing members, and owner invitations from admins", async () => {
    const { owner, ws } = await ownedWorkspace();
    const admin = await addMember(ws.id, "admin");
    expect(
      await zodPaths(
        inviteMember({
          workspaceId: ws.id,
          actor: { userId: owner.id, role: "owner" },
          email: "nope",
          role: "member",
        }),
      ),
    ).toEqual(["email"]);
    expect(
      await zodPaths(
        inviteMember({
          workspaceId: ws.id,
          actor: { userId: owner.id, role: "owner" },
          email: "a@b.co",
          role: "boss",
        }),
      ),
    ).toEqual(["role"]);
    const existing = (await errorOf(
      inviteMember({
        workspaceId: ws.id,
        actor: { userId: owner.id, role: "owner" },
        email: admin.user.email.toUpperCase(),
        role: "member",
      }),
    )) as ApiError;
    expect(existing.code).toBe("conflict");
    expect(existing.details).toEqual({
      issues: [{ path: "email", message: expect.stringMatching(/already a member/) }],
    });
    const ownerByAdmin = (await errorOf(
      inviteMember({
        workspaceId: ws.id,
        actor: { userId: admin.user.id, role: "admin" },
        email: "x@y.co",
        role: "owner",
      }),
    )) as ApiError;
    expect(ownerByAdmin.code).toBe("forbidden");
    expect(await listPendingInvitations(ws.id)).toEqual([]);
  });

  it("joins with the invited role once; the link then says it was used", async () => {
    const { owner, ws } = await ownedWorkspace();
    const invitee = await createUser("invitee");
    const inv = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: owner.id, role: "owner" },
      email: invitee.email,
      role: "admin",
    });
    const token = tokenOf(inv.url);
    expect(await findInvitation(token)).toMatchObject({
      status: "pending",
      role: "admin",
      workspaceName: ws.name,
    });

    const joined = await acceptInvitation(token, { id: invitee.id, email: invitee.email.toUpperCase() });
    expect(joined).toMatchObject({ kind: "joined", workspaceId: ws.id, role: "admin" });
    expect((await listMembers(ws.id)).find((m) => m.userId === invitee.id)?.role).toBe("admin");
    expect((await listAuditLog(ws.id, 1))[0]).toMatchObject({
      action: "member.joined",
      target: invitee.email,
    });

    expect(await acceptInvitation(token, invitee)).toEqual({ kind: "used" });
    expect(await findInvitation(token)).toMatchObject({ status: "used" });
    expect(await listPendingInvitations(ws.id)).toEqual([]);
  });

  it("two clicks at the same moment join once", async () => {
    const { owner, ws } = await ownedWorkspace();
    const invitee = await createUser("race");
    const inv = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: owner.id, role: "owner" },
      email: invitee.email,
      role: "member",
    });
    const results = await Promise.all([
      acceptInvitation(tokenOf(inv.url), invitee),
      acceptInvitation(tokenOf(inv.url), invitee),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["joined", "used"]);
    expect((await listMembers(ws.id)).filter((m) => m.userId === invitee.id)).toHaveLength(1);
  });

  it("refuses another signed-in address, unknown and expired links, and replaced or revoked ones", async () => {
    const { owner, ws } = await ownedWorkspace();
    const invitee = await createUser("invitee");
    const stranger = await createUser("stranger");
    const now = new Date();
    const first = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: owner.id, role: "owner" },
      email: invitee.email,
      role: "member",
    });

    expect(await acceptInvitation(tokenOf(first.url), stranger)).toEqual({
      kind: "wrong_email",
      invitedEmail: invitee.email,
    });
    expect(await acceptInvitation("x".repeat(43), invitee)).toEqual({ kind: "unknown" });
    expect(await acceptInvitation("short", invitee)).toEqual({ kind: "unknown" });
    const later = new Date(now.getTime() + 7 * 86_400_000 + 60_000);
    expect(await acceptInvitation(tokenOf(first.url), invitee, later)).toEqual({ kind: "expired" });
    expect((await listPendingInvitations(ws.id, later))[0]?.expired).toBe(true);

    // Inviting again replaces the link: the first one stops working.
    const second = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: owner.id, role: "owner" },
      email: invitee.email,
      role: "member",
    });
    expect(await acceptInvitation(tokenOf(first.url), invitee)).toEqual({ kind: "unknown" });
    expect(await listPendingInvitations(ws.id)).toHaveLength(1);

    await revokeInvitation({ workspaceId: ws.id, actorUserId: owner.id, invitationId: second.invitationId });
    expect(await acceptInvitation(tokenOf(second.url), invitee)).toEqual({ kind: "unknown" });
    expect((await listAuditLog(ws.id, 1))[0]).toMatchObject({
      action: "member.invitation_revoked",
      target: invitee.email,
    });
    expect(await listMembers(ws.id)).toHaveLength(1);
  });

  it("another workspace's invitation cannot be revoked from here", async () => {
    const a = await ownedWorkspace();
    const b = await ownedWorkspace();
    const inv = await inviteMember({
      workspaceId: b.ws.id,
      actor: { userId: b.owner.id, role: "owner" },
      email: `x-${uid()}@example.com`,
      role: "member",
    });
    const e = (await errorOf(
      revokeInvitation({ workspaceId: a.ws.id, actorUserId: a.owner.id, invitationId: inv.invitationId }),
    )) as ApiError;
    expect(e.code).toBe("not_found");
    expect(await listPendingInvitations(b.ws.id)).toHaveLength(1);
  });

  it("someone already in the workspace keeps their role when accepting", async () => {
    const { owner, ws } = await ownedWorkspace();
    const invitee = await createUser("twice");
    const inv = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: owner.id, role: "owner" },
      email: invitee.email,
      role: "member",
    });
    await db.membership.create({ data: { workspaceId: ws.id, userId: invitee.id, role: "admin" } });
    expect(await acceptInvitation(tokenOf(inv.url), invitee)).toMatchObject({
      kind: "already_member",
      role: "admin",
    });
  });
});

describe("roles and removal", () => {
  it("changes roles and removes members, with audit entries", async () => {
    const { owner, ws } = await ownedWorkspace();
    const m = await addMember(ws.id, "member");
    const change = await changeMemberRole({
      workspaceId: ws.id,
      actorUserId: owner.id,
      membershipId: m.membershipId,
      role: "admin",
    });
    expect(change).toMatchObject({ from: "member", to: "admin", changed: true });
    expect((await listAuditLog(ws.id, 1))[0]).toMatchObject({
      action: "member.role_changed",
      target: m.user.email,
      details: { from: "member", to: "admin" },
    });
    await removeMember({ workspaceId: ws.id, actorUserId: owner.id, membershipId: m.membershipId });
    expect((await listMembers(ws.id)).map((x) => x.userId)).toEqual([owner.id]);
    expect((await listAuditLog(ws.id, 1))[0]).toMatchObject({
      action: "member.removed",
      target: m.user.email,
    });
  });

  it("never leaves a workspace without an owner", async () => {
    const { owner, ws } = await ownedWorkspace();
    const ownerMembership = (await listMembers(ws.id))[0]!.membershipId;
    const attempts = [
      () =>
        changeMemberRole({
          workspaceId: ws.id,
          actorUserId: owner.id,
          membershipId: ownerMembership,
          role: "admin",
        }),
      () => removeMember({ workspaceId: ws.id, actorUserId: owner.id, membershipId: ownerMembership }),
    ];
    for (const attempt of attempts) {
      const e = (await errorOf(attempt())) as ApiError;
      expect(e.code).toBe("conflict");
      expect(e.message).toMatch(/at least one owner/);
    }
    expect((await listMembers(ws.id))[0]!.role).toBe("owner");
  });

  it("two owners demoting each other at once: one of them stays owner", async () => {
    const { owner, ws } = await ownedWorkspace();
    const second = await addMember(ws.id, "owner");
    const firstMembership = (await listMembers(ws.id)).find((m) => m.userId === owner.id)!.membershipId;
    const results = await Promise.allSettled([
      changeMemberRole({
        workspaceId: ws.id,
        actorUserId: second.user.id,
        membershipId: firstMembership,
        role: "member",
      }),
      changeMemberRole({
        workspaceId: ws.id,
        actorUserId: owner.id,
        membershipId: second.membershipId,
        role: "member",
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listMembers(ws.id)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("another workspace's member is not found", async () => {
    const a = await ownedWorkspace();
    const b = await ownedWorkspace();
    const m = await addMember(b.ws.id, "member");
    const e = (await errorOf(
      removeMember({ workspaceId: a.ws.id, actorUserId: a.owner.id, membershipId: m.membershipId }),
    )) as ApiError;
    expect(e.code).toBe("not_found");
    expect(await listMembers(b.ws.id)).toHaveLength(2);
  });
});

describe("weekly report preference", () => {
  it("is each member's own, and only members have one", async () => {
    const { owner, ws } = await ownedWorkspace();
    const m = await addMember(ws.id, "member");
    expect(await getWeeklyReport(ws.id, m.user.id)).toBe(false);
    await setWeeklyReport(ws.id, m.user.id, true);
    expect(await getWeeklyReport(ws.id, m.user.id)).toBe(true);
    expect(await getWeeklyReport(ws.id, owner.id)).toBe(false);
    const outsider = await createUser("outsider");
    expect(await getWeeklyReport(ws.id, outsider.id)).toBeNull();
    expect(((await errorOf(setWeeklyReport(ws.id, outsider.id, true))) as ApiError).code).toBe("not_found");
  });
});

describe("audit log", () => {
  it("lists the newest 100 entries first, naming users by email and others by actor", async () => {
    const { owner, ws } = await ownedWorkspace();
    const base = Date.now() - 1_000_000;
    await db.auditLog.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        workspaceId: ws.id,
        actor: i % 2 ? `user:${owner.id}` : "cli",
        actorUserId: i % 2 ? owner.id : null,
        action: `test.${i}`,
        createdAt: new Date(base + i * 1000),
      })),
    });
    const entries = await listAuditLog(ws.id);
    expect(entries).toHaveLength(100);
    expect(entries[0]).toMatchObject({ action: "workspace.created", who: owner.email });
    expect(entries[1]).toMatchObject({ action: "test.104", who: "cli" });
    expect(entries[2]).toMatchObject({ action: "test.103", who: owner.email });
    const other = await ownedWorkspace();
    expect((await listAuditLog(other.ws.id)).map((e) => e.action)).toEqual(["workspace.created"]);
  });
});

describe("dashboard test event", () => {
  let r: WebhookReceiver;
  beforeAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
    resetEnvCache();
    r = await startWebhookReceiver();
  });
  afterAll(async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    resetEnvCache();
    await r.close();
  });

  it("sends webhook.test now and returns what the endpoint answered", async () => {
    const { ws } = await ownedWorkspace();
    const endpoint = await createWebhookEndpoint(ws.id, {
      url: `${r.url}/hook`,
      eventTypes: ["cancellation.created"],
    });
    r.setResponder(() => ({ status: 200, body: "thanks" }));
    const ok = await sendTestWebhookNow(ws.id, endpoint.id);
    expect(ok).toMatchObject({ status: "succeeded", event: { type: "webhook.test" }, attemptCount: 1 });
    expect(ok.attempts[0]).toMatchObject({ statusCode: 200, responseExcerpt: "thanks" });
    expect(JSON.parse(r.requests.at(-1)!.rawBody)).toMatchObject({
      type: "webhook.test",
      environment: "sandbox",
    });

    r.setResponder(() => ({ status: 503, body: "down for maintenance" }));
    const failed = await sendTestWebhookNow(ws.id, endpoint.id);
    expect(failed).toMatchObject({ status: "failed", lastStatusCode: 503 });
    expect(failed.attempts[0]).toMatchObject({ statusCode: 503, responseExcerpt: "down for maintenance" });
    expect(failed.nextAttemptAt).not.toBeNull();

    // "Retry" in the delivery log: one more attempt now, counted on.
    r.setResponder(() => ({ status: 204 }));
    const retried = await retryWebhookDeliveryNow(ws.id, failed.id);
    expect(retried).toMatchObject({
      id: failed.id,
      status: "succeeded",
      attemptCount: 2,
      lastStatusCode: 204,
    });
  });

  it("is refused on the Core plan", async () => {
    const { ws } = await ownedWorkspace("core");
    const e = (await errorOf(createWebhookEndpoint(ws.id, { url: `${r.url}/hook` }))) as ApiError;
    expect(e.code).toBe("plan_required");
  });
});
