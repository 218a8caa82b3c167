// Invitation emails: what a stranger's inbox gets (no free text in the subject), and how many can
// be sent (per inviter, per workspace, per address). The rest of the team rules: settings.test.ts.
import "../helpers/loopback-guard";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { resetRateLimiters } from "@/lib/api/rate-limit";
import { db } from "@/lib/db";
import {
  INVITATION_LIMITS,
  INVITATION_SUBJECT,
  inviteMember,
  revokeInvitation,
} from "@/lib/domain/workspaces/team";
import { resetEnvCache } from "@/lib/env";
import { createTestWorkspace } from "../helpers/factories";
import { startSmtpCapture } from "../helpers/smtp-capture";

// The in-process limiter (the Redis one is the same code: sign-in.test.ts, api-handler.test.ts).
delete process.env.REDIS_URL;
delete process.env.SMTP_URL;
resetEnvCache();
afterEach(() => resetRateLimiters());

const uid = () => randomBytes(4).toString("hex");

async function user(name: string | null = null) {
  return db.user.create({
    data: { email: `user-${uid()}@example.com`, name },
    select: { id: true, email: true },
  });
}

async function ownedWorkspace(owner?: { id: string }) {
  const o = owner ?? (await user());
  const { workspace } = await createTestWorkspace({ ownerUserId: o.id });
  return { owner: o, ws: workspace };
}

async function addOwner(workspaceId: string) {
  const u = await user();
  await db.membership.create({ data: { workspaceId, userId: u.id, role: "owner" } });
  return u;
}

const invite = (workspaceId: string, userId: string, email = `invitee-${uid()}@example.com`) =>
  inviteMember({ workspaceId, actor: { userId, role: "owner" }, email, role: "member" });

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

function expectRateLimited(e: ApiError, message: RegExp) {
  expect(e.code).toBe("rate_limited");
  expect(e.status).toBe(429);
  expect(e.message).toMatch(message);
  expect(e.details).toMatchObject({ issues: [{ path: "email", message: e.message }] });
  expect(Number(e.headers?.["Retry-After"])).toBeGreaterThan(0);
}

describe("an invitation email", () => {
  it("keeps the workspace's and inviter's names out of the subject, and on one line, escaped, in the body", async () => {
    const smtp = await startSmtpCapture();
    process.env.SMTP_URL = smtp.url;
    resetEnvCache();
    try {
      const inviter = await user("Eve <b>Support</b>\nYour account is suspended");
      const { ws } = await ownedWorkspace(inviter);
      // Stored names are whatever forms and OAuth profiles let through over the years.
      await db.workspace.update({
        where: { id: ws.id },
        data: { name: "Acme\r\n\r\nAccept here instead: http://phish.example/\u202e" },
      });
      const email = `stranger-${uid()}@example.com`;
      const inv = await invite(ws.id, inviter.id, email);
      expect(inv.emailed).toBe(true);
      const mail = await smtp.waitFor((m) => m.to.includes(email));

      expect(mail.subject).toBe(INVITATION_SUBJECT);
      for (const freeText of ["Eve", "Acme", "phish", "suspended"])
        expect(mail.subject).not.toContain(freeText);

      const lines = mail.text.split("\n");
      expect(lines[0]).toBe(
        "Eve <b>Support</b> Your account is suspended invited you to join “Acme Accept here instead: http://phish.example/” on RetentBase as member.",
      );
      expect(lines.filter((l) => l.includes("phish"))).toHaveLength(1);
      expect(mail.text).toContain(inv.url);
      expect(mail.html).toContain("Eve &lt;b&gt;Support&lt;/b&gt; Your account is suspended invited you");
      expect(mail.html).not.toContain("<b>Support");
    } finally {
      delete process.env.SMTP_URL;
      resetEnvCache();
      await smtp.close();
    }
  });
});

describe("invitation limits", () => {
  it(`lets one person send ${INVITATION_LIMITS.perInviter.max} an hour, across all their workspaces`, async () => {
    const { owner, ws } = await ownedWorkspace();
    const { ws: other } = await ownedWorkspace(owner);
    for (let i = 0; i < INVITATION_LIMITS.perInviter.max; i++)
      await invite(i % 2 ? ws.id : other.id, owner.id);
    expectRateLimited(
      await refusal(invite(ws.id, owner.id)),
      /You can send 20 invitations an hour: try again in/,
    );
    expectRateLimited(await refusal(invite(other.id, owner.id)), /You can send 20 invitations an hour/);
    // Someone else in the same workspace has their own budget.
    const colleague = await addOwner(ws.id);
    await expect(invite(ws.id, colleague.id)).resolves.toMatchObject({ role: "member" });
    // A refused invitation leaves nothing behind.
    expect(await db.invitation.count({ where: { workspaceId: { in: [ws.id, other.id] } } })).toBe(21);
  });

  it(`lets a workspace send ${INVITATION_LIMITS.perWorkspace.max} an hour, whoever sends them`, async () => {
    const { owner, ws } = await ownedWorkspace();
    const inviters = [owner, await addOwner(ws.id), await addOwner(ws.id)];
    const sent = [];
    for (let i = 0; i < INVITATION_LIMITS.perWorkspace.max; i++)
      sent.push(await invite(ws.id, inviters[Math.floor(i / 20)]!.id));
    // Below the open-invitation cap again: the hourly budget still holds.
    await revokeInvitation({
      workspaceId: ws.id,
      actorUserId: owner.id,
      invitationId: sent[0]!.invitationId,
    });
    const fresh = await addOwner(ws.id);
    expectRateLimited(
      await refusal(invite(ws.id, fresh.id)),
      /This workspace can send 50 invitations an hour/,
    );
  });

  it(`invites one address at most ${INVITATION_LIMITS.perAddress.max} times a day, from anywhere`, async () => {
    const email = `popular-${uid()}@example.com`;
    for (let i = 0; i < INVITATION_LIMITS.perAddress.max; i++) {
      const { owner, ws } = await ownedWorkspace();
      await invite(ws.id, owner.id, email);
    }
    const { owner, ws } = await ownedWorkspace();
    expectRateLimited(
      await refusal(invite(ws.id, owner.id, email)),
      new RegExp(`${email} can be invited 5 times a day`),
    );
    // Inviting the same address again in one workspace (a new link) counts too.
    const again = `again-${uid()}@example.com`;
    for (let i = 0; i < INVITATION_LIMITS.perAddress.max; i++) await invite(ws.id, owner.id, again);
    expect((await refusal(invite(ws.id, owner.id, again))).code).toBe("rate_limited");
  });
});
