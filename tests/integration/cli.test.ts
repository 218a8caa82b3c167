import { describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto/secrets";
import { db } from "@/lib/db";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { addReason } from "@/lib/domain/reasons-offers/reasons";
import { hashToken } from "@/lib/tokens";
import { createTestWorkspace } from "../helpers/factories";
import { rb, runScript } from "../helpers/run-script";

describe("npm run rb -- workspace create", () => {
  it("prints one JSON document and creates a ready workspace", async () => {
    const out = await rb(
      "workspace",
      "create",
      "--name",
      "Acme Inc",
      "--plan",
      "core",
      "--return-url",
      "https://app.acme.example/account?tab=billing",
      "--return-url",
      "http://localhost:4000/done",
      "--json",
    );
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(Object.keys(result).sort()).toEqual(["apiKey", "signingSecret", "workspace"]);
    expect(result.workspace).toEqual({
      id: expect.stringMatching(/^ws_/),
      key: expect.stringMatching(/^wk_/),
      name: "Acme Inc",
      plan: "core",
    });
    expect(result.apiKey).toMatch(/^rb_live_[0-9A-Za-z]{43}$/);
    expect(result.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const ws = await db.workspace.findUniqueOrThrow({
      where: { id: result.workspace.id },
      include: {
        reasons: { orderBy: { position: "asc" } },
        returnHosts: true,
        apiKeys: true,
        signingSecrets: true,
      },
    });
    expect(ws.defaultReturnUrl).toBe("https://app.acme.example/account?tab=billing");
    expect(ws.returnHosts.map((h) => h.origin).sort()).toEqual([
      "http://localhost:4000",
      "https://app.acme.example",
    ]);
    expect(ws.reasons.map((r) => r.key)).toEqual([
      "too_expensive",
      "missing_features",
      "not_using",
      "switching_competitor",
      "technical_issues",
      "temporary",
      "other",
    ]);
    expect(ws.apiKeys).toHaveLength(1);
    expect(ws.apiKeys[0]!.hashedKey).toBe(hashToken(result.apiKey));
    // Stored encrypted; what the merchant was shown is what it decrypts to.
    expect(ws.signingSecrets[0]!.secret).not.toContain(result.signingSecret);
    expect(decryptSecret(ws.signingSecrets[0]!.secret)).toBe(result.signingSecret);
  });

  it("lists workspaces and manages keys", async () => {
    const created = JSON.parse((await rb("workspace", "create", "--name", "Keys Co", "--json")).stdout);
    const list = JSON.parse((await rb("workspace", "list", "--json")).stdout);
    expect(list.workspaces.map((w: { id: string }) => w.id)).toContain(created.workspace.id);

    const made = await rb("apikey", "create", "--workspace", created.workspace.id, "--name", "CI", "--json");
    expect(made.code, made.stderr).toBe(0);
    const { apiKey } = JSON.parse(made.stdout);
    expect(apiKey).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: "CI",
      key: expect.stringMatching(/^rb_live_/),
    });

    const revoked = await rb("apikey", "revoke", "--key-id", apiKey.id, "--json");
    expect(revoked.code).toBe(0);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.revokedAt).not.toBeNull();
  });

  it("sets a plan and an expired subscription", async () => {
    const created = JSON.parse((await rb("workspace", "create", "--name", "Plan Co", "--json")).stdout);
    const out = await rb(
      "workspace",
      "set-plan",
      "--workspace",
      created.workspace.id,
      "--plan",
      "core",
      "--subscription",
      "expired",
      "--json",
    );
    expect(out.code, out.stderr).toBe(0);
    const ws = await db.workspace.findUniqueOrThrow({ where: { id: created.workspace.id } });
    expect(ws.plan).toBe("core");
    expect(ws.subscriptionStatus).toBe("canceled");
    expect(ws.accessEndsAt!.getTime()).toBeLessThan(Date.now());
  });

  it("answers misuse with usage text and a non-zero exit", async () => {
    const missing = await rb("workspace", "create", "--json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--name is required");
    expect(missing.stderr).toContain("usage:");
    expect(JSON.parse(missing.stdout)).toEqual({ error: { message: "--name is required" } });

    const badPlan = await rb("workspace", "create", "--name", "X", "--plan", "gold");
    expect(badPlan.code).toBe(2);
    expect(badPlan.stderr).toContain("--plan must be one of: core, advanced");

    const badUrl = await rb("workspace", "create", "--name", "X", "--return-url", "ftp://x");
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain("must be an http(s) URL");

    const unknown = await rb("frobnicate");
    expect(unknown.code).toBe(2);
    const flag = await rb("workspace", "list", "--bogus");
    expect(flag.code).toBe(2);
    const noSuch = await rb("apikey", "revoke", "--key-id", "key_nope");
    expect(noSuch.code).toBe(1);
    expect(noSuch.stderr).toContain("No API key key_nope");
  });
});

describe("the CLI's changes are audited like the dashboard's", () => {
  const entries = (workspaceId: string) =>
    db.auditLog.findMany({
      where: { workspaceId, action: { not: "workspace.created" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actor: true, actorUserId: true, target: true },
    });
  // Webhook targets on loopback: allowed only with the local-work switch.
  const rbLocal = (...args: string[]) =>
    runScript("scripts/rb.ts", args, { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" });

  it("apikey create/revoke and webhook add/remove leave entries with actor cli", async () => {
    const ws = JSON.parse((await rb("workspace", "create", "--name", "Audited", "--json")).stdout).workspace;
    const { apiKey } = JSON.parse((await rb("apikey", "create", "--workspace", ws.id, "--json")).stdout);
    expect((await rb("apikey", "revoke", "--key-id", apiKey.id, "--json")).code).toBe(0);
    const url = "http://127.0.0.1:9/audited-hook";
    const added = await rbLocal("webhook", "add", "--workspace", ws.id, "--url", url, "--json");
    expect(added.code, added.stderr).toBe(0);
    const { endpoint } = JSON.parse(added.stdout);
    expect((await rb("webhook", "remove", "--endpoint-id", endpoint.id, "--json")).code).toBe(0);

    expect(await entries(ws.id)).toEqual([
      { action: "api_key.created", actor: "cli", actorUserId: null, target: apiKey.id },
      { action: "api_key.revoked", actor: "cli", actorUserId: null, target: apiKey.id },
      { action: "webhook_endpoint.created", actor: "cli", actorUserId: null, target: url },
      { action: "webhook_endpoint.removed", actor: "cli", actorUserId: null, target: url },
    ]);
  });

  it("a change that fails or changes nothing leaves no entry", async () => {
    const core = JSON.parse(
      (await rb("workspace", "create", "--name", "Core Co", "--plan", "core", "--json")).stdout,
    ).workspace;
    const refused = await rbLocal("webhook", "add", "--workspace", core.id, "--url", "http://127.0.0.1:9/x");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Outbound webhooks require the Advanced plan");

    const ws = JSON.parse((await rb("workspace", "create", "--name", "Strict", "--json")).stdout).workspace;
    // Without the switch a loopback target is refused at save time.
    const privateTarget = await rb("webhook", "add", "--workspace", ws.id, "--url", "https://127.0.0.1/hook");
    expect(privateTarget.code).toBe(1);
    const { apiKey } = JSON.parse((await rb("apikey", "create", "--workspace", ws.id, "--json")).stdout);
    await rb("apikey", "revoke", "--key-id", apiKey.id);
    await rb("apikey", "revoke", "--key-id", apiKey.id);

    expect(await entries(core.id)).toEqual([]);
    expect((await entries(ws.id)).map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked"]);
  });
});

describe("npm run rb -- experiments", () => {
  it("creates, starts, lists, shows results, stops and declares a winner, audited as cli", async () => {
    const ws = JSON.parse(
      (await rb("workspace", "create", "--name", "Experiments Co", "--plan", "advanced", "--json")).stdout,
    ).workspace;
    const added = await rb(
      "offers",
      "add",
      "--workspace",
      ws.id,
      "--type",
      "pause",
      "--label",
      "Pause instead",
      "--max-months",
      "3",
      "--json",
    );
    expect(added.code, added.stderr).toBe(0);
    const { offer } = JSON.parse(added.stdout);

    const created = await rb(
      "experiments",
      "create",
      "--workspace",
      ws.id,
      "--name",
      "Pause or nothing",
      "--reason",
      "temporary",
      "--variant",
      `pause=${offer.id}:60`,
      "--variant",
      "holdout=none:40",
      "--json",
    );
    expect(created.code, created.stderr).toBe(0);
    const { experiment } = JSON.parse(created.stdout);
    expect(experiment).toMatchObject({
      id: expect.stringMatching(/^exp_/),
      status: "draft",
      name: "Pause or nothing",
      reasonKey: "temporary",
      variants: [
        { key: "pause", offerId: offer.id, holdout: false, weight: 60 },
        { key: "holdout", offerId: null, holdout: true, weight: 40, offer: null },
      ],
    });

    const started = await rb("experiments", "start", "--experiment-id", experiment.id, "--json");
    expect(started.code, started.stderr).toBe(0);
    expect(JSON.parse(started.stdout).experiment.status).toBe("running");

    // A second one in the same scope: the domain refuses (exit 1, the JSON error).
    const second = JSON.parse(
      (
        await rb(
          "experiments",
          "create",
          "--workspace",
          ws.id,
          "--name",
          "Second",
          "--reason",
          "temporary",
          "--variant",
          `pause=${offer.id}:1`,
          "--variant",
          "holdout=none:1",
          "--json",
        )
      ).stdout,
    ).experiment;
    const refused = await rb("experiments", "start", "--experiment-id", second.id, "--json");
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.message).toContain('"Pause or nothing" is already running');

    const list = JSON.parse((await rb("experiments", "list", "--workspace", ws.id, "--json")).stdout);
    expect(list.experiments.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [second.id, "draft"],
      [experiment.id, "running"],
    ]);

    const results = await rb("experiments", "results", "--experiment-id", experiment.id, "--json");
    expect(results.code, results.stderr).toBe(0);
    const r = JSON.parse(results.stdout);
    expect(r.variants.map((v: { key: string }) => v.key)).toEqual(["pause", "holdout"]);
    expect(r.variants[0]).toMatchObject({
      key: "pause",
      sessions: 0,
      shown: 0,
      accepted: 0,
      saves: 0,
      saveRate: null,
      interval: null,
    });
    expect(r.lift).toEqual([{ variant: "pause", vsHoldout: null, pValue: null, enoughData: false }]);
    const table = await rb("experiments", "results", "--experiment-id", experiment.id);
    expect(table.stdout).toContain("save rate");
    expect(table.stdout).toContain("holdout (holdout)");
    expect(table.stdout).toContain("Not enough data yet");

    expect((await rb("experiments", "stop", "--experiment-id", experiment.id)).code).toBe(0);
    const won = await rb(
      "experiments",
      "winner",
      "--experiment-id",
      experiment.id,
      "--variant",
      "pause",
      "--json",
    );
    expect(won.code, won.stderr).toBe(0);
    expect(JSON.parse(won.stdout).experiment).toMatchObject({ status: "stopped", winnerVariant: "pause" });
    expect((await rb("experiments", "delete", "--experiment-id", second.id)).code).toBe(0);

    const audit = await db.auditLog.findMany({
      where: { workspaceId: ws.id, action: { startsWith: "experiment." } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { action: true, actor: true, target: true },
    });
    expect(audit).toEqual([
      { action: "experiment.created", actor: "cli", target: experiment.id },
      { action: "experiment.started", actor: "cli", target: experiment.id },
      { action: "experiment.created", actor: "cli", target: second.id },
      { action: "experiment.stopped", actor: "cli", target: experiment.id },
      { action: "experiment.winner_declared", actor: "cli", target: experiment.id },
      { action: "experiment.deleted", actor: "cli", target: second.id },
    ]);
  });

  it("usage errors exit 2, refusals exit 1 with the JSON error", async () => {
    const ws = JSON.parse(
      (await rb("workspace", "create", "--name", "Exp Errors", "--plan", "advanced", "--json")).stdout,
    ).workspace;
    const malformed = await rb(
      "experiments",
      "create",
      "--workspace",
      ws.id,
      "--name",
      "X",
      "--variant",
      "a:50",
      "--variant",
      "b=none:50",
    );
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("expected KEY=OFFER_ID:WEIGHT");
    const one = await rb(
      "experiments",
      "create",
      "--workspace",
      ws.id,
      "--name",
      "X",
      "--variant",
      "b=none:50",
    );
    expect(one.code).toBe(2);
    expect((await rb("experiments", "start")).code).toBe(2);

    const unknown = await rb(
      "experiments",
      "create",
      "--workspace",
      ws.id,
      "--name",
      "X",
      "--variant",
      "a=off_doesnotexist:50",
      "--variant",
      "b=none:50",
      "--json",
    );
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).error.message).toBe("No offer off_doesnotexist in this workspace");
    const twoHoldouts = await rb(
      "experiments",
      "create",
      "--workspace",
      ws.id,
      "--name",
      "X",
      "--variant",
      "a=none:50",
      "--variant",
      "b=none:50",
      "--json",
    );
    expect(twoHoldouts.code).toBe(1);
    expect(JSON.parse(twoHoldouts.stdout).error.message).toContain("at most one holdout");
    const missing = await rb("experiments", "results", "--experiment-id", "exp_nope", "--json");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toBe("No experiment exp_nope");
  });
});

describe("npm run rb -- languages and compliance", () => {
  it("workspace update sets the default language and the compliance mode; unknown values exit 2", async () => {
    const { workspace } = await createTestWorkspace();
    const out = await rb(
      "workspace",
      "update",
      "--workspace",
      workspace.id,
      "--default-locale",
      "de",
      "--compliance-mode",
      "de_312k",
      "--json",
    );
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      workspace: { id: workspace.id, defaultLocale: "de", complianceMode: "de_312k" },
      changed: ["defaultLocale", "complianceMode"],
    });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { workspaceId: workspace.id, action: "workspace.settings_updated" },
    });
    expect(audit).toMatchObject({
      actor: "cli",
      details: { defaultLocaleFrom: "en", complianceModeFrom: "auto" },
    });

    const badMode = await rb(
      "workspace",
      "update",
      "--workspace",
      workspace.id,
      "--compliance-mode",
      "eu",
      "--json",
    );
    expect(badMode.code).toBe(2);
    expect(JSON.parse(badMode.stdout)).toEqual({
      error: {
        message: "--compliance-mode must be one of: auto, standard, click_to_cancel, de_312k, fr_3_clicks",
      },
    });
    const badLocale = await rb("workspace", "update", "--workspace", workspace.id, "--default-locale", "it");
    expect(badLocale.code).toBe(2);
    expect(badLocale.stderr).toContain("--default-locale must be one of: en, de, fr, es");
    expect(
      await db.workspace.findUniqueOrThrow({
        where: { id: workspace.id },
        select: { defaultLocale: true, complianceMode: true },
      }),
    ).toEqual({ defaultLocale: "de", complianceMode: "de_312k" });
  });

  it("reasons update and offers update with --locale set that language's texts; the default language is refused", async () => {
    const { workspace } = await createTestWorkspace();
    await addReason(workspace.id, { key: "too_slow", label: "Too slow" });
    const offer = await createOffer(workspace.id, {
      type: "pause",
      label: "Pause instead",
      terms: { maxMonths: 3 },
    });
    const ws = ["--workspace", workspace.id];

    const reason = await rb(
      "reasons",
      "update",
      ...ws,
      "--key",
      "too_slow",
      "--locale",
      "de",
      "--label",
      "Zu langsam",
      "--json",
    );
    expect(reason.code, reason.stderr).toBe(0);
    expect(JSON.parse(reason.stdout)).toMatchObject({
      reason: { key: "too_slow", label: "Too slow", translations: { de: { label: "Zu langsam" } } },
      changed: ["de"],
    });

    const own = await rb(
      "offers",
      "update",
      ...ws,
      "--offer-id",
      offer.id,
      "--label",
      "Take a break",
      "--terms-text",
      "Up to 3 months.",
      "--json",
    );
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout).offer).toMatchObject({
      id: offer.id,
      label: "Take a break",
      termsText: "Up to 3 months.",
    });
    const fr = await rb(
      "offers",
      "update",
      ...ws,
      "--offer-id",
      offer.id,
      "--locale",
      "fr",
      "--label",
      "Faites une pause",
      "--json",
    );
    expect(fr.code, fr.stderr).toBe(0);
    expect(JSON.parse(fr.stdout)).toMatchObject({
      offer: { id: offer.id, label: "Take a break", translations: { fr: { label: "Faites une pause" } } },
      changed: ["fr"],
    });

    const unknown = await rb(
      "reasons",
      "update",
      ...ws,
      "--key",
      "too_slow",
      "--locale",
      "it",
      "--label",
      "Lento",
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--locale must be one of: en, de, fr, es");
    const nothing = await rb("offers", "update", ...ws, "--offer-id", offer.id, "--locale", "de", "--json");
    expect(nothing.code).toBe(2);
    expect(JSON.parse(nothing.stdout).error.message).toBe("give --label and/or --terms-text");
    const asDefault = await rb(
      "offers",
      "update",
      ...ws,
      "--offer-id",
      offer.id,
      "--locale",
      "en",
      "--label",
      "Pause",
      "--json",
    );
    expect(asDefault.code).toBe(1);
    expect(JSON.parse(asDefault.stdout).error.message).toMatch(
      /^locale: "en" is this workspace's default language/,
    );

    const row = await db.offer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(row).toMatchObject({
      label: "Take a break",
      termsText: "Up to 3 months.",
      translations: { fr: { label: "Faites une pause" } },
    });
    const actions = await db.auditLog.findMany({
      where: { workspaceId: workspace.id, actor: "cli", action: { not: "workspace.created" } },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["reason.translated", "offer.updated", "offer.translated"]);
  });
});
