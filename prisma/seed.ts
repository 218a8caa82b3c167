// The demo workspace: realistic, read-only data every signed-in user can explore. Idempotent.
import { db, type Outcome, Prisma } from "../lib/db";
import { createWorkspace } from "../lib/domain/workspaces/create-workspace";

export const DEMO_SLUG = "demo";

/** Small deterministic PRNG so the demo looks the same on every machine. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REASON_WEIGHTS: [string, number][] = [
  ["too_expensive", 34],
  ["not_using", 22],
  ["missing_features", 16],
  ["switching_competitor", 11],
  ["technical_issues", 7],
  ["temporary", 6],
  ["other", 4],
];
const PLANS: [string, number, number][] = [
  ["starter", 19, 45],
  ["pro", 79, 40],
  ["business", 249, 15],
];

function pick<T>(rand: () => number, items: [T, ...unknown[]][], weightIndex: number): T {
  const total = items.reduce((s, i) => s + (i[weightIndex] as number), 0);
  let r = rand() * total;
  for (const item of items) {
    r -= item[weightIndex] as number;
    if (r <= 0) return item[0];
  }
  return items[items.length - 1]![0];
}

export async function seedDemo(now = new Date()): Promise<{ workspaceId: string; created: boolean }> {
  const existing = await db.workspace.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (existing) return { workspaceId: existing.id, created: false };

  const { workspace } = await createWorkspace({
    name: "Acme Analytics (demo)",
    plan: "advanced",
    isDemo: true,
    returnUrls: ["https://app.acme-analytics.example/account"],
  });
  await db.workspace.update({
    where: { id: workspace.id },
    data: { slug: DEMO_SLUG, brandAccentColor: "#0f766e" },
  });

  const reasons = await db.reason.findMany({
    where: { workspaceId: workspace.id },
    select: { id: true, key: true },
  });
  const reasonId = (key: string) => reasons.find((r) => r.key === key)?.id ?? null;
  await db.offer.createMany({
    data: [
      {
        workspaceId: workspace.id,
        reasonId: reasonId("too_expensive"),
        type: "discount",
        label: "30% off for 3 months",
        terms: "Applies to your next three invoices.",
        targeting: { minMrr: 20 },
      },
      {
        workspaceId: workspace.id,
        reasonId: reasonId("not_using"),
        type: "pause",
        label: "Pause for up to 3 months",
        terms: "Keep your data; billing stops while paused.",
      },
      {
        workspaceId: workspace.id,
        reasonId: reasonId("temporary"),
        type: "pause",
        label: "Take a 1-month break",
      },
      {
        workspaceId: workspace.id,
        reasonId: reasonId("missing_features"),
        type: "discount",
        label: "50% off next month while we ship it",
        targeting: { plans: ["pro", "business"] },
      },
    ],
  });

  // ~12 weeks of prod events plus a little sandbox traffic.
  const rand = mulberry32(20261127);
  const events: Prisma.CancellationEventCreateManyInput[] = [];
  for (let i = 0; i < 420; i++) {
    const environment = i % 14 === 0 ? "sandbox" : "prod";
    const occurredAt = new Date(now.getTime() - Math.floor(rand() * 84 * 86_400_000));
    const reasonKey = pick(rand, REASON_WEIGHTS, 1);
    const plan = pick(
      rand,
      PLANS.map(([p, , w]) => [p, w] as [string, number]),
      1,
    );
    const mrr = PLANS.find(([p]) => p === plan)![1];
    const offerType =
      reasonKey === "too_expensive" || reasonKey === "missing_features"
        ? "discount"
        : reasonKey === "not_using" || reasonKey === "temporary"
          ? "pause"
          : "none";
    const accepted = offerType !== "none" && rand() < (offerType === "pause" ? 0.38 : 0.27);
    const ageDays = (now.getTime() - occurredAt.getTime()) / 86_400_000;
    let outcome: Outcome | null = accepted ? "recovered" : "churned";
    if (ageDays < 3 && rand() < 0.4) outcome = null;
    else if (!accepted && rand() < 0.08) outcome = "abandoned";
    const source = rand() < 0.7 ? "hosted" : "api";
    events.push({
      id: `ce_demo${String(i).padStart(5, "0")}`,
      workspaceId: workspace.id,
      environment,
      eventId: `demo_evt_${String(i).padStart(5, "0")}`,
      source,
      userId: `cus_${Math.floor(rand() * 1e8).toString(36)}`,
      reasonKey,
      reasonText: rand() < 0.2 ? "Budget cuts this quarter" : null,
      offerType,
      offerAccepted: accepted,
      offerLabel:
        offerType === "discount"
          ? "30% off for 3 months"
          : offerType === "pause"
            ? "Pause for up to 3 months"
            : null,
      outcome,
      plan,
      mrr: new Prisma.Decimal(mrr),
      tenureDays: Math.floor(rand() * 900),
      occurredAt,
      outcomeEffectiveAt: outcome ? occurredAt : null,
      metadata: { seed: true },
    });
  }
  await db.cancellationEvent.createMany({ data: events });
  return { workspaceId: workspace.id, created: true };
}
