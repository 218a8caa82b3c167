import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOneRoute, POST as postOneRoute } from "@/app/api/v1/experiments/[id]/route";
import { GET as listRoute, POST as postRoute } from "@/app/api/v1/experiments/route";
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import {
  createExperiment,
  declareWinner,
  deleteExperiment,
  experimentResults,
  getExperiment,
  listExperiments,
  startExperiment,
  stopExperiment,
} from "@/lib/domain/experiments/experiments";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { apiRequest, createTestWorkspace, routeParams } from "../helpers/factories";

type Ws = Awaited<ReturnType<typeof createTestWorkspace>>;

async function offersOf(ws: Ws) {
  const id = ws.workspace.id;
  const discount = await createOffer(id, {
    type: "discount",
    label: "20% off for 3 months",
    terms: { percentOff: 20, durationMonths: 3 },
    reasonKey: "too_expensive",
  });
  const pause = await createOffer(id, { type: "pause", label: "Pause instead", terms: { maxMonths: 3 } });
  const extension = await createOffer(id, {
    type: "extension",
    label: "Two weeks free",
    terms: { days: 14 },
  });
  return { discount, pause, extension };
}

/** The rejection of a promise, as the domain throws it. */
async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected a refusal").toBeInstanceOf(ApiError);
  return err as ApiError;
}

async function auditActions(workspaceId: string, target: string) {
  const rows = await db.auditLog.findMany({ where: { workspaceId, target }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.action);
}

describe("experiments: create, start, stop, winner, delete", () => {
  let ws: Ws;
  let offers: Awaited<ReturnType<typeof offersOf>>;
  let other: Ws;
  let otherOffers: Awaited<ReturnType<typeof offersOf>>;

  beforeAll(async () => {
    ws = await createTestWorkspace({ plan: "advanced" });
    offers = await offersOf(ws);
    other = await createTestWorkspace({ plan: "advanced" });
    otherOffers = await offersOf(other);
  });

  const twoArms = (name: string, reasonKey: string | null = null) => ({
    name,
    reasonKey,
    variants: [
      { key: "discount", offerId: offers.discount.id, weight: 50 },
      { key: "holdout", offerId: null, weight: 50 },
    ],
  });

  it("creates a draft with its variants, their offers and structured terms, audited", async () => {
    const e = await createExperiment(
      ws.workspace.id,
      {
        name: "  Discount vs pause  ",
        reasonKey: "too_expensive",
        variants: [
          { key: "discount", offerId: offers.discount.id, weight: 40 },
          { key: "pause", offerId: offers.pause.id, weight: 40 },
          { key: "holdout", offerId: null, weight: 20 },
        ],
      },
      { actor: "cli" },
    );
    expect(e).toMatchObject({
      id: expect.stringMatching(/^exp_[0-9A-Za-z]+$/),
      name: "Discount vs pause",
      reasonKey: "too_expensive",
      status: "draft",
      startedAt: null,
      stoppedAt: null,
      winnerVariant: null,
    });
    expect(e.variants).toEqual([
      {
        key: "discount",
        offerId: offers.discount.id,
        holdout: false,
        weight: 40,
        offer: {
          id: offers.discount.id,
          type: "discount",
          label: "20% off for 3 months",
          terms: { percentOff: 20, durationMonths: 3 },
          enabled: true,
        },
      },
      expect.objectContaining({
        key: "pause",
        holdout: false,
        offer: expect.objectContaining({ type: "pause" }),
      }),
      { key: "holdout", offerId: null, holdout: true, weight: 20, offer: null },
    ]);
    expect(await getExperiment(ws.workspace.id, e.id)).toEqual(e);
    expect(await auditActions(ws.workspace.id, e.id)).toEqual(["experiment.created"]);
    await deleteExperiment(ws.workspace.id, e.id);
  });

  it("refuses variants that break the rules, naming the field", async () => {
    const base = twoArms("Bad");
    const bad = [
      { ...base, variants: [base.variants[0]!] },
      { ...base, variants: [base.variants[0]!, { ...base.variants[1]!, key: "discount" }] },
      { ...base, variants: [...base.variants, { key: "holdout2", offerId: null, weight: 10 }] },
      { ...base, variants: [base.variants[0]!, { ...base.variants[0]!, key: "again" }] },
      { ...base, variants: [base.variants[1]!, { ...base.variants[1]!, key: "h2" }] },
      { ...base, variants: [{ ...base.variants[0]!, key: "Big Key" }, base.variants[1]!] },
      { ...base, variants: [{ ...base.variants[0]!, weight: 0 }, base.variants[1]!] },
      { ...base, name: "   " },
    ];
    for (const input of bad) {
      await expect(createExperiment(ws.workspace.id, input)).rejects.toThrow();
    }
    await expect(
      createExperiment(ws.workspace.id, {
        ...base,
        variants: [{ ...base.variants[0]!, key: "Big Key" }, base.variants[1]!],
      }),
    ).rejects.toThrow("Use lowercase letters, digits, - and _");

    const foreign = await refusal(
      createExperiment(ws.workspace.id, {
        ...base,
        variants: [base.variants[1]!, { key: "theirs", offerId: otherOffers.pause.id, weight: 50 }],
      }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.details).toEqual({
      issues: [{ path: "variants.1.offerId", message: `No offer ${otherOffers.pause.id} in this workspace` }],
    });
    const reason = await refusal(createExperiment(ws.workspace.id, { ...base, reasonKey: "no_such_reason" }));
    expect(reason.message).toBe('No reason "no_such_reason" in this workspace');
    expect(await listExperiments(ws.workspace.id)).toEqual([]);
  });

  it("runs one experiment per scope: a second one for every reason is a 409 naming the first; a reason's own may run beside it", async () => {
    const now = new Date("2026-06-01T10:00:00Z");
    const all = await createExperiment(ws.workspace.id, twoArms("All reasons A"));
    const started = await startExperiment(ws.workspace.id, all.id, { now });
    expect(started).toMatchObject({ status: "running", startedAt: now.toISOString() });

    const second = await createExperiment(ws.workspace.id, twoArms("All reasons B"));
    const conflict = await refusal(startExperiment(ws.workspace.id, second.id));
    expect(conflict.status).toBe(409);
    expect(conflict.code).toBe("conflict");
    expect(conflict.message).toContain('"All reasons A" is already running for every reason');

    const scoped = await createExperiment(ws.workspace.id, twoArms("Too expensive", "too_expensive"));
    expect((await startExperiment(ws.workspace.id, scoped.id)).status).toBe("running");
    const scoped2 = await createExperiment(ws.workspace.id, twoArms("Too expensive 2", "too_expensive"));
    expect((await refusal(startExperiment(ws.workspace.id, scoped2.id))).message).toContain(
      '"Too expensive" is already running for the reason "too_expensive"',
    );

    const again = await refusal(startExperiment(ws.workspace.id, all.id));
    expect(again.status).toBe(409);
    expect(again.message).toContain("is running");

    // Stopping frees the scope; the results stay and the stopped one cannot start again.
    const stopped = await stopExperiment(ws.workspace.id, all.id, { now: new Date("2026-06-02T10:00:00Z") });
    expect(stopped).toMatchObject({ status: "stopped", stoppedAt: "2026-06-02T10:00:00.000Z" });
    expect((await startExperiment(ws.workspace.id, second.id)).status).toBe("running");
    expect((await refusal(startExperiment(ws.workspace.id, all.id))).message).toContain("is stopped");
    expect((await refusal(stopExperiment(ws.workspace.id, all.id))).status).toBe(409);

    await stopExperiment(ws.workspace.id, second.id);
    await stopExperiment(ws.workspace.id, scoped.id);
    await deleteExperiment(ws.workspace.id, scoped2.id);
    expect(await auditActions(ws.workspace.id, all.id)).toEqual([
      "experiment.created",
      "experiment.started",
      "experiment.stopped",
    ]);
  });

  it("two starts at once in one scope: one runs, the other is the same 409 (the partial unique index)", async () => {
    const a = await createExperiment(ws.workspace.id, twoArms("Race A", "not_using"));
    const b = await createExperiment(ws.workspace.id, twoArms("Race B", "not_using"));
    const results = await Promise.allSettled([
      startExperiment(ws.workspace.id, a.id),
      startExperiment(ws.workspace.id, b.id),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ApiError);
    expect(rejected.reason.status).toBe(409);
    expect(rejected.reason.message).toMatch(/"Race [AB]" is already running for the reason "not_using"/);
    const running = await db.experiment.count({ where: { workspaceId: ws.workspace.id, status: "running" } });
    expect(running).toBe(1);
    for (const e of [a, b]) {
      const row = await getExperiment(ws.workspace.id, e.id);
      if (row.status === "running") await stopExperiment(ws.workspace.id, e.id);
      else await deleteExperiment(ws.workspace.id, e.id);
    }
  });

  it("refuses to start with a disabled offer", async () => {
    const off = await createOffer(ws.workspace.id, {
      type: "extension",
      label: "Month free",
      terms: { days: 30 },
      enabled: false,
    });
    const e = await createExperiment(ws.workspace.id, {
      name: "Disabled",
      reasonKey: "temporary",
      variants: [
        { key: "ext", offerId: off.id, weight: 1 },
        { key: "holdout", offerId: null, weight: 1 },
      ],
    });
    const err = await refusal(startExperiment(ws.workspace.id, e.id));
    expect(err.status).toBe(409);
    expect(err.message).toBe('The offer "Month free" (variant ext) is disabled: enable it first');
    await deleteExperiment(ws.workspace.id, e.id);
  });

  it("declares a winner of a stopped experiment: its offer becomes the scope's normal offer, first in order", async () => {
    const e = await createExperiment(ws.workspace.id, {
      name: "Winner",
      reasonKey: "missing_features",
      variants: [
        { key: "ext", offerId: offers.extension.id, weight: 1 },
        { key: "holdout", offerId: null, weight: 1 },
      ],
    });
    expect((await refusal(declareWinner(ws.workspace.id, e.id, "ext"))).message).toContain("is draft");
    await startExperiment(ws.workspace.id, e.id);
    expect((await refusal(declareWinner(ws.workspace.id, e.id, "ext"))).status).toBe(409);
    await stopExperiment(ws.workspace.id, e.id);
    // The winner's offer may have been disabled meanwhile: winning enables it.
    await db.offer.update({ where: { id: offers.extension.id }, data: { enabled: false } });

    const holdout = await refusal(declareWinner(ws.workspace.id, e.id, "holdout"));
    expect(holdout.status).toBe(400);
    expect(holdout.message).toBe("A holdout has no offer to make normal: disable the scope's offers instead");
    expect((await refusal(declareWinner(ws.workspace.id, e.id, "nope"))).status).toBe(400);

    const before = await db.offer.aggregate({
      where: { workspaceId: ws.workspace.id },
      _min: { position: true },
    });
    const won = await declareWinner(ws.workspace.id, e.id, "ext", { actor: "cli" });
    expect(won.winnerVariant).toBe("ext");
    const offer = await db.offer.findUniqueOrThrow({
      where: { id: offers.extension.id },
      include: { reason: true },
    });
    expect(offer.enabled).toBe(true);
    expect(offer.reason?.key).toBe("missing_features");
    expect(offer.position).toBe((before._min.position ?? 0) - 1);
    expect(await auditActions(ws.workspace.id, e.id)).toContain("experiment.winner_declared");
  });

  it("deletes drafts only: stopping keeps the results", async () => {
    const e = await createExperiment(ws.workspace.id, twoArms("To delete", "other"));
    await startExperiment(ws.workspace.id, e.id);
    const running = await refusal(deleteExperiment(ws.workspace.id, e.id));
    expect(running.status).toBe(409);
    expect(running.message).toContain("stop keeps the results; only drafts can be deleted");
    await stopExperiment(ws.workspace.id, e.id);
    expect((await refusal(deleteExperiment(ws.workspace.id, e.id))).status).toBe(409);

    const draft = await createExperiment(ws.workspace.id, twoArms("Draft", "other"));
    await deleteExperiment(ws.workspace.id, draft.id, { actor: "cli" });
    expect((await refusal(getExperiment(ws.workspace.id, draft.id))).message).toBe(
      `No experiment ${draft.id}`,
    );
    expect(await auditActions(ws.workspace.id, draft.id)).toEqual([
      "experiment.created",
      "experiment.deleted",
    ]);
  });

  it("are an Advanced feature: a Core workspace cannot create or start one", async () => {
    const core = await createTestWorkspace({ plan: "core" });
    const off = await createOffer(core.workspace.id, {
      type: "extension",
      label: "Week",
      terms: { days: 7 },
    });
    const err = await refusal(
      createExperiment(core.workspace.id, {
        name: "Core",
        variants: [
          { key: "ext", offerId: off.id, weight: 1 },
          { key: "holdout", offerId: null, weight: 1 },
        ],
      }),
    );
    expect(err.code).toBe("plan_required");
    expect(err.message).toBe("Offer experiments require the Advanced plan");
  });

  it("keeps tenants apart: another workspace's experiment is not found", async () => {
    const theirs = await createExperiment(other.workspace.id, {
      name: "Theirs",
      variants: [
        { key: "p", offerId: otherOffers.pause.id, weight: 1 },
        { key: "h", offerId: null, weight: 1 },
      ],
    });
    for (const attempt of [
      () => getExperiment(ws.workspace.id, theirs.id),
      () => startExperiment(ws.workspace.id, theirs.id),
      () => deleteExperiment(ws.workspace.id, theirs.id),
      () => experimentResults(ws.workspace.id, theirs.id),
    ]) {
      expect((await refusal(attempt())).status).toBe(404);
    }
    expect((await listExperiments(ws.workspace.id)).map((e) => e.id)).not.toContain(theirs.id);
    expect((await getExperiment(other.workspace.id, theirs.id)).status).toBe("draft");
  });
});

// ── results ──

const day = (d: string) => new Date(`${d}T12:00:00Z`);
const NOW = new Date("2026-06-01T00:00:00Z"); // validated: sessions on or before 2026-05-02

type SessionSeed = {
  variant: string;
  at: string;
  env?: "prod" | "sandbox";
  shown?: boolean;
  userId?: string;
  event?: {
    outcome: "churned" | "recovered" | "abandoned";
    accepted?: boolean;
    mrr?: number;
    brokenAt?: string;
  };
};

async function seed(workspaceId: string, experimentId: string, rows: SessionSeed[]) {
  for (const r of rows) {
    const id = `cs_${randomBytes(12).toString("hex")}`;
    const env = r.env ?? "prod";
    const userId = r.userId ?? `cus_${randomBytes(4).toString("hex")}`;
    await db.cancelSession.create({
      data: {
        id,
        workspaceId,
        environment: env,
        tokenHash: randomBytes(16).toString("hex"),
        userId,
        returnUrl: "https://merchant.example/account",
        expiresAt: new Date(day(r.at).getTime() + 3_600_000),
        createdAt: day(r.at),
        experimentId,
        variant: r.variant,
        offerShownAt: r.shown ? day(r.at) : null,
        status: r.event ? "completed" : "opened",
      },
    });
    if (!r.event) continue;
    await db.cancellationEvent.create({
      data: {
        id: `ce_${randomBytes(12).toString("hex")}`,
        workspaceId,
        environment: env,
        eventId: id,
        source: "hosted",
        cancelSessionId: id,
        userId,
        reasonKey: "too_expensive",
        offerType: r.shown ? "discount" : "none",
        offerAccepted: r.event.accepted ?? false,
        experimentId,
        variant: r.variant,
        outcome: r.event.outcome,
        mrr: r.event.mrr ?? null,
        occurredAt: day(r.at),
        saveBrokenAt: r.event.brokenAt ? day(r.event.brokenAt) : null,
      },
    });
  }
}

describe("experiment results", () => {
  let ws: Ws;
  let experimentId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace({ plan: "advanced" });
    const offers = await offersOf(ws);
    const e = await createExperiment(ws.workspace.id, {
      name: "Results",
      variants: [
        { key: "discount", offerId: offers.discount.id, weight: 50 },
        { key: "pause", offerId: offers.pause.id, weight: 25 },
        { key: "holdout", offerId: null, weight: 25 },
      ],
    });
    experimentId = e.id;
    await startExperiment(ws.workspace.id, e.id, { now: day("2026-03-31") });
    await seed(ws.workspace.id, e.id, [
      // discount: 6 sessions, 5 shown, 4 accepted, 4 saves (110 MRR); 4 old sessions, 2 validated saves
      {
        variant: "discount",
        at: "2026-04-01",
        shown: true,
        event: { outcome: "recovered", accepted: true, mrr: 50 },
      },
      // saved, then a later event of the same customer churned 18 days on: a save, never validated
      {
        variant: "discount",
        at: "2026-04-02",
        shown: true,
        userId: "cus_later_churn",
        event: { outcome: "recovered", accepted: true, mrr: 30, brokenAt: "2026-04-20" },
      },
      // accepted, then PATCHed to churned: no save
      {
        variant: "discount",
        at: "2026-04-03",
        shown: true,
        event: { outcome: "churned", accepted: true, mrr: 70, brokenAt: "2026-04-10" },
      },
      // broken only 45 days later: the save had already lasted 30 days
      {
        variant: "discount",
        at: "2026-04-05",
        shown: true,
        event: { outcome: "recovered", accepted: true, mrr: 10, brokenAt: "2026-05-20" },
      },
      // recent: left the flow after the offer (abandoned = not cancelled), too young to validate
      { variant: "discount", at: "2026-05-20", shown: true, event: { outcome: "abandoned", mrr: 20 } },
      // still open: assigned, so counted (intent to treat)
      { variant: "discount", at: "2026-05-25" },
      // holdout: 3 sessions, 1 save (40 MRR); 2 old sessions, 1 validated save
      { variant: "holdout", at: "2026-04-01", event: { outcome: "churned", mrr: 99 } },
      { variant: "holdout", at: "2026-04-02", event: { outcome: "abandoned", mrr: 40 } },
      { variant: "holdout", at: "2026-05-28", event: { outcome: "churned" } },
      // sandbox: assigned, never counted
      {
        variant: "discount",
        at: "2026-04-01",
        env: "sandbox",
        shown: true,
        event: { outcome: "recovered", accepted: true, mrr: 500 },
      },
      { variant: "holdout", at: "2026-04-01", env: "sandbox", event: { outcome: "abandoned", mrr: 500 } },
      {
        variant: "pause",
        at: "2026-04-01",
        env: "sandbox",
        shown: true,
        event: { outcome: "recovered", accepted: true },
      },
    ]);
    // The later churned event of cus_later_churn: no experiment, not counted itself.
    await db.cancellationEvent.create({
      data: {
        id: `ce_${randomBytes(12).toString("hex")}`,
        workspaceId: ws.workspace.id,
        eventId: "api_later_churn",
        source: "api",
        userId: "cus_later_churn",
        reasonKey: "too_expensive",
        outcome: "churned",
        occurredAt: day("2026-04-20"),
      },
    });
  });

  it("counts prod sessions per variant: shown, accepted, saves, rates with Wilson intervals, MRR, validated saves", async () => {
    const r = await experimentResults(ws.workspace.id, experimentId, { now: NOW });
    expect(r.experimentId).toBe(experimentId);
    expect(r.computedAt).toBe(NOW.toISOString());
    expect(r.enoughData).toBe(false);
    const [discount, pause, holdout] = r.variants;
    expect(discount).toMatchObject({
      key: "discount",
      holdout: false,
      sessions: 6,
      shown: 5,
      accepted: 4,
      saves: 4,
      mrrSaved: 110,
      validated: { sessions: 4, saves: 2, saveRate: 0.5 },
    });
    expect(discount!.saveRate).toBeCloseTo(4 / 6, 12);
    // python3: Wilson(4, 6) = (0.299993315138392, 0.9032285888942195); Wilson(2, 4) = (0.15003898915214953, 0.8499610108478505)
    expect(discount!.interval![0]).toBeCloseTo(0.299993315138392, 9);
    expect(discount!.interval![1]).toBeCloseTo(0.9032285888942195, 9);
    expect(discount!.validated.interval![0]).toBeCloseTo(0.15003898915214953, 9);
    expect(pause).toEqual({
      key: "pause",
      offerId: expect.stringMatching(/^off_/),
      holdout: false,
      sessions: 0,
      shown: 0,
      accepted: 0,
      saves: 0,
      saveRate: null,
      interval: null,
      mrrSaved: 0,
      validated: { sessions: 0, saves: 0, saveRate: null, interval: null },
    });
    expect(holdout).toMatchObject({
      key: "holdout",
      offerId: null,
      holdout: true,
      sessions: 3,
      shown: 0,
      accepted: 0,
      saves: 1,
      mrrSaved: 40,
      validated: { sessions: 2, saves: 1, saveRate: 0.5 },
    });
    expect(holdout!.interval![0]).toBeCloseTo(0.06149194472039615, 9);

    // python3: z-test 4/6 vs 1/3 → z 0.9486832980505138, p 0.34278171114791145
    expect(r.lift).toHaveLength(2);
    expect(r.lift[0]!.variant).toBe("discount");
    expect(r.lift[0]!.vsHoldout).toBeCloseTo(4 / 6 - 1 / 3, 12);
    expect(r.lift[0]!.pValue).toBeCloseTo(0.34278171114791145, 6);
    expect(r.lift[0]!.enoughData).toBe(false);
    expect(r.lift[1]).toEqual({ variant: "pause", vsHoldout: null, pValue: null, enoughData: false });
  });

  it("validates only what is 30 days old at `now`", async () => {
    // On May 4 only the sessions of April 1-3 are 30 days old (April 5's is not yet): 3 sessions,
    // of which one save lasted (April 2's broke, April 3's churned).
    const r = await experimentResults(ws.workspace.id, experimentId, {
      now: new Date("2026-05-04T00:00:00Z"),
    });
    const discount = r.variants[0]!;
    expect(discount.validated).toMatchObject({ sessions: 3, saves: 1 });
    expect(discount.saves).toBe(4);
  });

  it("says there is enough data once every arm has 30 sessions", async () => {
    const rows: SessionSeed[] = [];
    for (let i = 0; i < 30; i++)
      rows.push({ variant: "pause", at: "2026-05-01", event: { outcome: "churned" } });
    for (let i = 0; i < 24; i++) rows.push({ variant: "discount", at: "2026-05-01" });
    for (let i = 0; i < 27; i++) rows.push({ variant: "holdout", at: "2026-05-01" });
    await seed(ws.workspace.id, experimentId, rows);
    const r = await experimentResults(ws.workspace.id, experimentId, { now: NOW });
    expect(r.variants.map((v) => v.sessions)).toEqual([30, 30, 30]);
    expect(r.enoughData).toBe(true);
    expect(r.lift.map((l) => l.enoughData)).toEqual([true, true]);
    // pause: 0 % vs the holdout's 1/30: a number, not null
    expect(typeof r.lift[1]!.pValue).toBe("number");
  });

  it("has no lift without a holdout", async () => {
    const offers = await db.offer.findMany({ where: { workspaceId: ws.workspace.id }, take: 2 });
    const e = await createExperiment(ws.workspace.id, {
      name: "No holdout",
      reasonKey: "other",
      variants: offers.map((o, i) => ({ key: `v${i}`, offerId: o.id, weight: 1 })),
    });
    const r = await experimentResults(ws.workspace.id, e.id, { now: NOW });
    expect(r.lift).toEqual([]);
    expect(r.variants.map((v) => v.sessions)).toEqual([0, 0]);
  });
});

describe("GET /api/v1/experiments", () => {
  let ws: Ws;
  let core: Ws;
  let experimentId: string;

  beforeAll(async () => {
    ws = await createTestWorkspace({ plan: "advanced" });
    core = await createTestWorkspace({ plan: "core" });
    const offers = await offersOf(ws);
    const e = await createExperiment(ws.workspace.id, {
      name: "API",
      variants: [
        { key: "pause", offerId: offers.pause.id, weight: 1 },
        { key: "holdout", offerId: null, weight: 1 },
      ],
    });
    experimentId = e.id;
    await seed(ws.workspace.id, e.id, [
      {
        variant: "pause",
        at: "2026-04-01",
        shown: true,
        event: { outcome: "recovered", accepted: true, mrr: 25 },
      },
      { variant: "holdout", at: "2026-04-01", event: { outcome: "churned" } },
    ]);
  });

  const list = (key: string) => listRoute(apiRequest("/api/v1/experiments", { apiKey: key }));
  const one = (key: string, id: string) =>
    getOneRoute(apiRequest(`/api/v1/experiments/${id}`, { apiKey: key }), routeParams({ id }));

  it("lists the workspace's experiments and answers one with its results", async () => {
    const res = await list(ws.apiKey.key);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.map((e: { id: string }) => e.id)).toEqual([experimentId]);

    const detail = await one(ws.apiKey.key, experimentId);
    expect(detail.status).toBe(200);
    const d = await detail.json();
    expect(d).toMatchObject({ id: experimentId, name: "API", status: "draft" });
    expect(
      d.results.variants.map((v: { key: string; sessions: number; saves: number }) => [
        v.key,
        v.sessions,
        v.saves,
      ]),
    ).toEqual([
      ["pause", 1, 1],
      ["holdout", 1, 0],
    ]);
    expect(d.results.lift).toEqual([
      { variant: "pause", vsHoldout: 1, pValue: expect.any(Number), enoughData: false },
    ]);
  });

  it("answers 404 for another tenant's id, 400 for a malformed one, 403 on Core, 405 for writes", async () => {
    const other = await one(core.apiKey.key, experimentId);
    expect(other.status).toBe(403);
    expect((await other.json()).error.code).toBe("plan_required");
    expect((await list(core.apiKey.key)).status).toBe(403);

    const elsewhere = await createTestWorkspace({ plan: "advanced" });
    const notFound = await one(elsewhere.apiKey.key, experimentId);
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error).toMatchObject({
      code: "not_found",
      message: `No experiment ${experimentId}`,
    });

    const bad = await one(ws.apiKey.key, "cs_123");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("invalid_request");

    const post = await postRoute(apiRequest("/api/v1/experiments", { apiKey: ws.apiKey.key, body: {} }));
    expect(post.status).toBe(405);
    const postOne = await postOneRoute(
      apiRequest(`/api/v1/experiments/${experimentId}`, { apiKey: ws.apiKey.key, body: {} }),
      routeParams({ id: experimentId }),
    );
    expect(postOne.status).toBe(405);
  });
});
