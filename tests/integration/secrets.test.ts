// Signing secrets at rest: encrypted under ENCRYPTION_KEY, while what merchants verify with — the
// plaintext `whsec_…` and the signatures made with it — stays exactly as it was.
import "../helpers/loopback-guard";
import { randomBytes } from "node:crypto";
import { jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { POST as verifyRoute } from "@/app/api/v1/cancel-results/verify/route";
import { decryptSecret, SecretKeyError } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { signResultToken } from "@/lib/domain/cancel-sessions/result-token";
import {
  activeSigningSecrets,
  currentSigningSecret,
  reencryptSigningSecrets,
  revealSigningSecret,
  rotateSigningSecret,
} from "@/lib/domain/workspaces/signing-secrets";
import { resetEnvCache } from "@/lib/env";
import { sendTestWebhook } from "@/lib/webhooks/deliveries";
import { drainWebhookDeliveries } from "@/lib/webhooks/drain";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { apiRequest, createTestWorkspace } from "../helpers/factories";
import { runScript } from "../helpers/run-script";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const TEST_KEY = process.env.ENCRYPTION_KEY!;
// Production has no local key file to fall back on: how a server without ENCRYPTION_KEY behaves.
const nodeEnv = (value: string) => Object.assign(process.env, { NODE_ENV: value });
const newKey = () => randomBytes(32).toString("base64");

function setKeys(current: string | undefined, previous?: string) {
  if (current === undefined) delete process.env.ENCRYPTION_KEY;
  else process.env.ENCRYPTION_KEY = current;
  if (previous === undefined) delete process.env.ENCRYPTION_KEY_PREVIOUS;
  else process.env.ENCRYPTION_KEY_PREVIOUS = previous;
  resetEnvCache();
}

afterEach(() => {
  setKeys(TEST_KEY);
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
});

const storedOf = async (workspaceId: string) =>
  (
    await db.signingSecret.findMany({
      where: { workspaceId },
      orderBy: { createdAt: "asc" },
      select: { id: true, secret: true },
    })
  ).map((r) => r.secret);

const claims = (workspaceKey: string) => ({
  aud: workspaceKey,
  sub: "cus_1",
  sid: "cs_test",
  env: "prod" as const,
  outcome: "churned" as const,
  reasonKey: "other",
  offer: null,
});

describe("signing secrets at rest", () => {
  it("stores ciphertext, while webhooks and result tokens verify with the plaintext the merchant sees", async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
    resetEnvCache();
    const w = await createTestWorkspace({ plan: "advanced" });
    const [stored] = await storedOf(w.workspace.id);
    expect(w.signingSecret).toMatch(/^whsec_/);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(w.signingSecret.slice("whsec_".length));
    expect(await revealSigningSecret(w.workspace.id)).toBe(w.signingSecret);

    // A webhook, checked by a receiver holding the plaintext as the guide's sample does.
    const target = await startWebhookReceiver({ secret: w.signingSecret });
    try {
      const endpoint = await createWebhookEndpoint(w.workspace.id, { url: target.url });
      const { webhookEventId } = await sendTestWebhook(w.workspace.id, endpoint.id);
      expect(await drainWebhookDeliveries({ webhookEventIds: [webhookEventId] })).toMatchObject({
        succeeded: 1,
      });
      const [req] = await target.waitFor(1);
      expect(req!.signatureValid).toBe(true);
    } finally {
      await target.close();
    }

    // A result token, signed with the current secret: verifies with the plaintext's UTF-8 bytes.
    const { token } = await signResultToken(
      claims(w.workspace.workspaceKey),
      await currentSigningSecret(w.workspace.id),
    );
    await jwtVerify(token, new TextEncoder().encode(w.signingSecret), {
      audience: w.workspace.workspaceKey,
      issuer: "retentbase",
    });
  });

  it("reads legacy plaintext rows as they are; `rb secrets reencrypt` and the next rotation encrypt them", async () => {
    const a = await createTestWorkspace();
    const b = await createTestWorkspace();
    // As a row written before encryption at rest looks.
    for (const w of [a, b])
      await db.signingSecret.updateMany({
        where: { workspaceId: w.workspace.id },
        data: { secret: w.signingSecret },
      });
    expect(await currentSigningSecret(a.workspace.id)).toBe(a.signingSecret);

    // The first write: a rotation encrypts the new secret and upgrades the one it keeps for 24 h.
    const { secret: next } = await rotateSigningSecret(b.workspace.id, { actor: "cli" });
    const bRows = await storedOf(b.workspace.id);
    expect(bRows.every((s) => s.startsWith("v1:"))).toBe(true);
    expect((await activeSigningSecrets(b.workspace.id)).map((s) => s.secret)).toEqual([
      next,
      b.signingSecret,
    ]);

    const run = await runScript("scripts/rb.ts", ["secrets", "reencrypt", "--json"]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ reencrypted: 1, fromPlaintext: 1, workspaces: 1, failed: [] });
    const [aRow] = await storedOf(a.workspace.id);
    expect(aRow).toMatch(/^v1:/);
    expect(decryptSecret(aRow!)).toBe(a.signingSecret);
    expect(
      await db.auditLog.findFirst({
        where: { workspaceId: a.workspace.id, action: "signing_secret.reencrypted" },
        select: { actor: true },
      }),
    ).toEqual({ actor: "cli" });
    // Nothing left to do: a second run changes nothing.
    expect(
      JSON.parse((await runScript("scripts/rb.ts", ["secrets", "reencrypt", "--json"])).stdout),
    ).toMatchObject({
      reencrypted: 0,
    });
  });

  it("rotates the key: under A, then B current with A previous, re-encrypt, then B alone reads everything", async () => {
    const keyA = newKey();
    const keyB = newKey();
    setKeys(keyA);
    const w = await createTestWorkspace();
    const { secret: rotated } = await rotateSigningSecret(w.workspace.id);
    const underA = await storedOf(w.workspace.id);

    // The other tests' workspaces here are under the suite's key: it is a previous key too.
    setKeys(keyB, `${keyA},${TEST_KEY}`);
    expect(await currentSigningSecret(w.workspace.id)).toBe(rotated);
    const summary = await reencryptSigningSecrets({ actor: "cli" });
    expect(summary.failed).toEqual([]);
    expect(summary.reencrypted).toBeGreaterThanOrEqual(2);
    const underB = await storedOf(w.workspace.id);
    expect(underB.every((s, i) => s !== underA[i] && s.startsWith("v1:"))).toBe(true);

    setKeys(keyB);
    expect((await activeSigningSecrets(w.workspace.id)).map((s) => s.secret)).toEqual([
      rotated,
      w.signingSecret,
    ]);
    // A is gone: what was written under it alone could not be read any more.
    setKeys(keyA);
    await expect(currentSigningSecret(w.workspace.id)).rejects.toBeInstanceOf(SecretKeyError);
  });

  it("a wrong or missing key: a clear 503 naming the variable, never a 500, and nothing secret in it", async () => {
    const w = await createTestWorkspace();
    const [stored] = await storedOf(w.workspace.id);
    const { token } = await signResultToken(claims(w.workspace.workspaceKey), w.signingSecret);
    const verify = () =>
      verifyRoute(apiRequest("/api/v1/cancel-results/verify", { apiKey: w.apiKey.key, body: { token } }));
    expect((await (await verify()).json()).valid).toBe(true);

    const wrong = newKey();
    for (const [current, expected] of [
      [
        wrong,
        /^Stored signing secrets cannot be used: a secret is encrypted under key \S{8}, which is neither ENCRYPTION_KEY \(key \S{8}\) nor in ENCRYPTION_KEY_PREVIOUS$/,
      ],
      [undefined, /ENCRYPTION_KEY \(unset\)/],
    ] as const) {
      setKeys(current);
      if (current === undefined) nodeEnv("production"); // no local key file there
      resetEnvCache();
      try {
        const res = await verify();
        expect(res.status).toBe(503);
        const body = await res.json();
        expect(body.error.code).toBe("service_unavailable");
        expect(body.error.message).toMatch(expected);
        const text = JSON.stringify(body);
        for (const secret of [w.signingSecret, stored!, wrong, TEST_KEY]) expect(text).not.toContain(secret);
      } finally {
        nodeEnv("test");
      }
    }

    // Writing without a key is refused the same way, and leaves nothing behind.
    setKeys(undefined);
    nodeEnv("production");
    resetEnvCache();
    try {
      await expect(rotateSigningSecret(w.workspace.id)).rejects.toThrow(
        /^Stored signing secrets cannot be used: ENCRYPTION_KEY is not set$/,
      );
    } finally {
      nodeEnv("test");
    }
    setKeys(TEST_KEY);
    expect(await storedOf(w.workspace.id)).toEqual([stored]);
  });

  it("`rb secrets reencrypt` against DATABASE_URL refuses to run without ENCRYPTION_KEY", async () => {
    const run = await runScript("scripts/rb.ts", ["secrets", "reencrypt"], { ENCRYPTION_KEY: undefined });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /ENCRYPTION_KEY is not set: re-encrypting the secrets of DATABASE_URL needs the key/,
    );
  });
});
