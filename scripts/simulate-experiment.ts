// Seeded traffic for an offer experiment: `npm run simulate -- --experiment-id exp_… [--sessions 300]`.
// Each simulated customer walks the hosted flow through the same domain functions the pages and
// the form handler call (cancel link → open → reason → offer page → accept, decline + confirm, or
// leave), at times spread over the last days, so the experiment's results fill up for a demo or a
// staging check. Some customers come back for a second link: the script checks they land in the
// same variant. Sessions left without an answer expire (the expire job runs at the end), becoming
// abandoned events — customers who stayed without taking an offer.
//
// For demos and staging: it writes real sessions and events (environment prod unless --sandbox).
import "dotenv/config";
import path from "node:path";
import { parseArgs } from "node:util";
import { localEncryptionKey } from "../lib/crypto/secrets";
import { mulberry32 } from "../lib/prng";
import { openDefaultDatabase } from "./db";

const USAGE = `usage: npm run simulate -- --experiment-id ID [--sessions N] [--seed N] [--days N] [--sandbox] [--json]

  --sessions N   customers to simulate (default 300, at most 5000)
  --seed N       the random seed: the same seed gives the same customers and choices (default 1)
  --days N       spread the customers over the last N days (default 14, 1–60)
  --sandbox      sandbox sessions (assigned, but never counted in results)`;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How likely a simulated customer takes each kind of offer; the rest decline. */
const TAKE_RATE: Record<string, number> = { discount: 0.36, pause: 0.3, plan_change: 0.22, extension: 0.26 };
/** Of those who are not saved by an offer, how many leave the flow without cancelling. */
const LEAVE_RATE = 0.16;

function positiveInt(v: string | undefined, name: string, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  }
  return Number(v);
}

class UsageError extends Error {}

async function simulate(values: Record<string, string | boolean | undefined>) {
  const experimentId = values["experiment-id"];
  if (typeof experimentId !== "string" || !experimentId) throw new UsageError("--experiment-id is required");
  const sessions = positiveInt(values.sessions as string | undefined, "sessions", 300, 5000);
  const seed = positiveInt(values.seed as string | undefined, "seed", 1, 2 ** 31 - 1);
  const days = positiveInt(values.days as string | undefined, "days", 14, 60);
  const environment = values.sandbox ? "sandbox" : "prod";

  const { db } = await import("../lib/db");
  const { createCancelLink } = await import("../lib/domain/cancel-sessions/create-link");
  const { applyFlowAction, loadFlow, markOfferShown, pauseOf } = await import(
    "../lib/domain/cancel-sessions/flow"
  );
  const { expireSessions } = await import("../lib/jobs/expire-sessions");

  const experiment = await db.experiment.findUnique({
    where: { id: experimentId },
    select: {
      id: true,
      status: true,
      workspaceId: true,
      reason: { select: { key: true } },
      workspace: {
        select: {
          id: true,
          defaultReturnUrl: true,
          defaultLocale: true,
          complianceMode: true,
          returnHosts: { select: { origin: true } },
        },
      },
    },
  });
  if (!experiment) throw new Error(`No experiment ${experimentId}`);
  if (experiment.status !== "running") {
    throw new Error(
      `Experiment ${experimentId} is ${experiment.status}: start it first (rb experiments start)`,
    );
  }
  const ws = experiment.workspace;
  const returnUrl =
    ws.defaultReturnUrl ?? (ws.returnHosts[0] ? `${ws.returnHosts[0].origin}/account` : undefined);
  if (!returnUrl) throw new Error("The workspace has no default return URL or return host: add one first");
  const reasons = experiment.reason
    ? [experiment.reason.key]
    : (
        await db.reason.findMany({
          where: { workspaceId: ws.id, enabled: true },
          orderBy: { position: "asc" },
          select: { key: true },
        })
      ).map((r) => r.key);
  if (!reasons.length) throw new Error("The workspace has no enabled reasons");

  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const now = Date.now();
  // Customers in time order (the cooldown reads earlier answers), the last an hour and a half ago,
  // so every unanswered link has expired by the end.
  const customers = Array.from({ length: sessions }, (_, i) => ({
    userId: `sim_${seed}_${i + 1}`,
    at: now - 90 * MINUTE - random() * (days * DAY - 90 * MINUTE),
    plan: pick(["starter", "pro", "business"]),
    mrr: pick([19, 49, 129, 399]),
    tenureDays: Math.floor(random() * 900),
  }));
  // One in ten comes back later for a second link.
  const returning = customers
    .filter(() => random() < 0.1)
    .map((c) => ({ ...c, at: Math.min(now - 90 * MINUTE, c.at + (1 + random() * 3) * DAY), again: true }));
  const walks = [...customers.map((c) => ({ ...c, again: false })), ...returning].sort((a, b) => a.at - b.at);

  const tally = { sessions: 0, offersShown: 0, accepted: 0, confirmed: 0, left: 0 };
  const variantOf = new Map<string, string | null>();
  let sameVariant = 0;
  let differentVariant = 0;
  for (const c of walks) {
    const t = (minutes: number) => new Date(c.at + minutes * MINUTE);
    const link = await createCancelLink(
      ws,
      {
        userId: c.userId,
        // The default return URL when there is one; else one on the allowlist.
        returnUrl: ws.defaultReturnUrl ? undefined : returnUrl,
        environment,
        eligibleForOffers: true,
        context: { plan: c.plan, mrr: c.mrr, tenureDays: c.tenureDays },
        metadata: { source: "simulation", seed },
      },
      t(0),
    );
    tally.sessions++;
    const token = link.url.slice(link.url.lastIndexOf("/s/") + 3);
    await loadFlow(token, { open: true, now: t(1) });
    const chosen = await applyFlowAction(
      token,
      { action: "reason", reasonKey: pick(reasons), reasonText: "" },
      t(2),
    );
    const found = await loadFlow(token, { now: t(3) });
    if (found.kind !== "ok") continue;
    const variant = found.session.experimentId === experiment.id ? found.session.variant : null;
    if (c.again) {
      if (variantOf.get(c.userId) === variant) sameVariant++;
      else differentVariant++;
    } else {
      variantOf.set(c.userId, variant);
    }
    if (chosen.kind === "redirect" && chosen.to.endsWith("/offer")) {
      await markOfferShown(found.session, t(3));
      tally.offersShown++;
      if (random() < (TAKE_RATE[found.session.offerType ?? ""] ?? 0.25)) {
        const pause = pauseOf(found.session);
        const months = pause ? 1 + Math.floor(random() * pause.maxMonths) : undefined;
        await applyFlowAction(token, { action: "accept", months }, t(4));
        tally.accepted++;
        continue;
      }
      if (random() < LEAVE_RATE) {
        tally.left++;
        continue;
      }
      await applyFlowAction(token, { action: "decline" }, t(4));
    } else if (random() < LEAVE_RATE) {
      tally.left++;
      continue;
    }
    await applyFlowAction(token, { action: "confirm" }, t(5));
    tally.confirmed++;
  }
  // The links left unanswered have expired by now: the expire job turns them into abandoned events.
  const expired = await expireSessions({ now: new Date(now), workspaceId: ws.id });
  return {
    experimentId: experiment.id,
    environment,
    seed,
    ...tally,
    abandoned: expired.abandoned,
    returningCustomers: { sameVariant, differentVariant },
  };
}

async function main() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        "experiment-id": { type: "string" },
        sessions: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        sandbox: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  process.env.LOG_LEVEL ??= "warn";
  if (!process.env.DATABASE_URL?.trim() && !process.env.ENCRYPTION_KEY?.trim()) {
    process.env.ENCRYPTION_KEY = localEncryptionKey(path.resolve(import.meta.dirname, ".."));
  }
  const database = await openDefaultDatabase();
  process.env.DATABASE_URL = database.url;
  try {
    const out = await simulate(values);
    if (values.json) console.log(JSON.stringify(out));
    else {
      console.log(
        `Simulated ${out.sessions} sessions (${out.environment}, seed ${out.seed}) in ${out.experimentId}: ` +
          `${out.offersShown} offers shown, ${out.accepted} accepted, ${out.confirmed} cancelled, ${out.left} left without answering (${out.abandoned} abandoned).`,
      );
      console.log(
        `Returning customers in the same variant: ${out.returningCustomers.sameVariant} of ${out.returningCustomers.sameVariant + out.returningCustomers.differentVariant}.`,
      );
      console.log(`Results: npm run rb -- experiments results --experiment-id ${out.experimentId}`);
    }
    return 0;
  } catch (e) {
    const message = (e as Error).message;
    if (values.json) console.log(JSON.stringify({ error: { message } }));
    console.error(e instanceof UsageError ? `${message}\n\n${USAGE}` : `error: ${message}`);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    const { closeDb } = await import("../lib/db");
    await closeDb();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  },
);
