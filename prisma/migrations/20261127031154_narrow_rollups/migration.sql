-- Rollups become narrow: one row set per breakdown (day × plan × outcome × one dimension) instead of
-- every dimension crossed with every other, which barely compressed the events. The old rows cannot
-- be converted: emptying the state makes the next refresh of each workspace rebuild them from the events.
DELETE FROM "EventRollup";
DELETE FROM "RollupState";

-- DropIndex
DROP INDEX "EventRollup_workspaceId_day_idx";

-- AlterTable
ALTER TABLE "EventRollup" DROP COLUMN "mrrBand",
DROP COLUMN "offerType",
DROP COLUMN "reasonKey",
DROP COLUMN "source",
DROP COLUMN "tenureBand",
ADD COLUMN     "dimension" TEXT NOT NULL,
ADD COLUMN     "key" TEXT NOT NULL,
ALTER COLUMN "offerLabel" SET DEFAULT '',
ALTER COLUMN "offerAccepted" SET DEFAULT false;

-- CreateIndex
CREATE INDEX "EventRollup_workspaceId_dimension_day_idx" ON "EventRollup"("workspaceId", "dimension", "day");
