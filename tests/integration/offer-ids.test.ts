// Issue 13 §10: offer ids are prefixed (`off_…`) like every other id. New offers get one from
// lib/ids.ts; offers made before keep working because the data migration prefixes their ids and
// every column that holds one (a session's offer, its timeline steps, the audit log's target).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createOffer } from "@/lib/domain/reasons-offers/offers";
import { createTestWorkspace } from "../helpers/factories";

const MIGRATIONS = path.join(process.cwd(), "prisma/migrations");
const migrationDir = readdirSync(MIGRATIONS).find((d) => d.endsWith("_offer_prefixed_ids"));

async function runSql(sql: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("offer ids", () => {
  it("a new offer's id is off_…", async () => {
    const { workspace } = await createTestWorkspace();
    const offer = await createOffer(workspace.id, {
      type: "pause",
      terms: { maxMonths: 3 },
      label: "Take a month off",
      reasonKey: "temporary",
    });
    expect(offer.id).toMatch(/^off_[0-9A-Za-z]{24}$/);
  });

  it("the data migration prefixes legacy offer ids and every reference to them, once", async () => {
    expect(migrationDir, "prisma/migrations/<timestamp>_offer_prefixed_ids").toBeDefined();
    const sql = readFileSync(path.join(MIGRATIONS, migrationDir!, "migration.sql"), "utf8");
    const { workspace } = await createTestWorkspace();
    const legacy = "clx8legacyoffer0000000001";
    const other = "off_AlreadyPrefixed000000001";
    // Rows as the app wrote them before: a bare cuid offer, shown in a session and logged.
    await db.$executeRaw`insert into "Offer" (id, "workspaceId", type, label, "updatedAt")
      values (${legacy}, ${workspace.id}, 'discount', 'Legacy 20% off', now()),
             (${other}, ${workspace.id}, 'pause', 'New pause', now())`;
    const timeline = [
      { step: "created", at: "2026-11-01T10:00:00.000Z" },
      { step: "offer_shown", at: "2026-11-01T10:01:00.000Z", data: { offerId: legacy } },
      { step: "offer_accepted", at: "2026-11-01T10:02:00.000Z", data: { offerId: legacy } },
    ];
    await db.cancelSession.create({
      data: {
        id: "cs_legacyoffer1",
        workspaceId: workspace.id,
        tokenHash: `hash_${workspace.id}`,
        userId: "cus_legacy",
        returnUrl: "https://merchant.example/account",
        expiresAt: new Date("2026-11-01T11:00:00Z"),
        offerId: legacy,
        offerType: "discount",
        offerLabel: "Legacy 20% off",
        offerAccepted: true,
        timeline,
      },
    });
    await db.auditLog.create({
      data: { workspaceId: workspace.id, actor: "cli", action: "offer.created", target: legacy },
    });

    await runSql(sql);
    await runSql(sql); // a second run changes nothing

    const offers = await db.offer.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { label: "asc" },
    });
    expect(offers.map((o) => o.id)).toEqual([`off_${legacy}`, other]);
    // The session still joins its offer, by column and in its timeline.
    const joined = await db.$queryRaw<{ label: string }[]>`
      select o.label from "CancelSession" s join "Offer" o on o.id = s."offerId" where s.id = 'cs_legacyoffer1'`;
    expect(joined).toEqual([{ label: "Legacy 20% off" }]);
    const session = await db.cancelSession.findUniqueOrThrow({ where: { id: "cs_legacyoffer1" } });
    expect(session.timeline).toEqual([
      timeline[0],
      { ...timeline[1], data: { offerId: `off_${legacy}` } },
      { ...timeline[2], data: { offerId: `off_${legacy}` } },
    ]);
    const audit = await db.auditLog.findMany({
      where: { workspaceId: workspace.id, action: "offer.created" },
    });
    expect(audit.map((a) => a.target)).toEqual([`off_${legacy}`]);
  });
});
