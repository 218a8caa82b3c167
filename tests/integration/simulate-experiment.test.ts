import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createExperiment, experimentResults, startExperiment } from "@/lib/domain/experiments/experiments";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { createTestWorkspace } from "../helpers/factories";
import { runScript } from "../helpers/run-script";

const simulate = (...args: string[]) => runScript("scripts/simulate-experiment.ts", args);

async function runningExperiment() {
  const { workspace } = await createTestWorkspace();
  const discount = await createOffer(workspace.id, {
    type: "discount",
    label: "30% off for 3 months",
    terms: { percentOff: 30, durationMonths: 3 },
  });
  const pause = await createOffer(workspace.id, { type: "pause", label: "Pause", terms: { maxMonths: 3 } });
  const exp = await createExperiment(workspace.id, {
    name: "Discount vs pause",
    variants: [
      { key: "discount", offerId: discount.id, weight: 1 },
      { key: "pause", offerId: pause.id, weight: 1 },
      { key: "holdout", offerId: null, weight: 1 },
    ],
  });
  await startExperiment(workspace.id, exp.id);
  return { workspace, exp };
}

describe("npm run simulate", () => {
  it("walks seeded customers through the hosted flow into the experiment's results", async () => {
    const { workspace, exp } = await runningExperiment();
    const out = await simulate("--experiment-id", exp.id, "--sessions", "120", "--seed", "7", "--json");
    expect(out.code, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout);
    // 120 customers plus the one in ten who come back: every returning one in the same variant.
    expect(summary.sessions).toBeGreaterThan(120);
    expect(summary.returningCustomers.differentVariant).toBe(0);
    expect(summary.returningCustomers.sameVariant).toBe(summary.sessions - 120);

    const results = await experimentResults(workspace.id, exp.id);
    const total = results.variants.reduce((n, v) => n + v.sessions, 0);
    expect(total).toBe(summary.sessions);
    const holdout = results.variants.find((v) => v.holdout);
    expect(holdout?.sessions).toBeGreaterThan(0);
    expect(holdout?.shown).toBe(0);
    expect(results.variants.filter((v) => !v.holdout).every((v) => v.shown > 0)).toBe(true);
    expect(results.lift).toHaveLength(2);
    // Every session ended: answered, or expired into an abandoned event.
    const open = await db.cancelSession.count({
      where: { workspaceId: workspace.id, status: { in: ["created", "opened"] } },
    });
    expect(open).toBe(0);

    // The same seed gives the same customers (their variants differ: each experiment shuffles anew).
    const again = await runningExperiment();
    const replay = await simulate(
      "--experiment-id",
      again.exp.id,
      "--sessions",
      "120",
      "--seed",
      "7",
      "--json",
    );
    expect(JSON.parse(replay.stdout).sessions).toBe(summary.sessions);
    const users = (workspaceId: string) =>
      db.cancelSession
        .findMany({ where: { workspaceId }, select: { userId: true }, orderBy: { userId: "asc" } })
        .then((rows) => rows.map((r) => r.userId));
    expect(await users(again.workspace.id)).toEqual(await users(workspace.id));
  }, 120_000);

  it("refuses a draft experiment (1) and bad arguments (2)", async () => {
    const { workspace } = await createTestWorkspace();
    const offer = await createOffer(workspace.id, {
      type: "extension",
      label: "14 days",
      terms: { days: 14 },
    });
    const draft = await createExperiment(workspace.id, {
      name: "Draft",
      variants: [
        { key: "a", offerId: offer.id, weight: 1 },
        { key: "holdout", offerId: null, weight: 1 },
      ],
    });
    const refused = await simulate("--experiment-id", draft.id, "--json");
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.message).toMatch(/is draft: start it first/);
    expect((await simulate("--experiment-id", draft.id, "--sessions", "0")).code).toBe(2);
    expect((await simulate()).code).toBe(2);
    expect(await db.cancelSession.count({ where: { workspaceId: workspace.id } })).toBe(0);
  }, 60_000);
});
