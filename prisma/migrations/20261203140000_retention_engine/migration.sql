-- Retention engine: offers with structured terms, eligibility, experiments with a holdout.

ALTER TYPE "OfferType" ADD VALUE IF NOT EXISTS 'plan_change';
ALTER TYPE "OfferType" ADD VALUE IF NOT EXISTS 'extension';

CREATE TYPE "ExperimentStatus" AS ENUM ('draft', 'running', 'stopped');

ALTER TABLE "Workspace" ADD COLUMN "offerCooldownDays" INTEGER NOT NULL DEFAULT 90;

-- The free-text terms become the small print (termsText), and "terms" the structured shape per type.
ALTER TABLE "Offer" RENAME COLUMN "terms" TO "termsText";
ALTER TABLE "Offer" ADD COLUMN "terms" JSONB NOT NULL DEFAULT '{}';

ALTER TABLE "CancelSession"
  ADD COLUMN "offerTerms" JSONB,
  ADD COLUMN "noOfferReason" TEXT,
  ADD COLUMN "eligibleForOffers" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "experimentId" TEXT,
  ADD COLUMN "variant" TEXT;

ALTER TABLE "CancellationEvent"
  ADD COLUMN "offerTerms" JSONB,
  ADD COLUMN "noOfferReason" TEXT,
  ADD COLUMN "experimentId" TEXT,
  ADD COLUMN "variant" TEXT,
  ADD COLUMN "saveBrokenAt" TIMESTAMP(3);

CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "reasonId" TEXT,
    "status" "ExperimentStatus" NOT NULL DEFAULT 'draft',
    "startedAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "winnerVariant" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ExperimentVariant" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "offerId" TEXT,
    "weight" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ExperimentVariant_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Experiment_workspaceId_status_idx" ON "Experiment"("workspaceId", "status");
CREATE INDEX "Experiment_workspaceId_createdAt_idx" ON "Experiment"("workspaceId", "createdAt" DESC);
-- At most one running experiment per scope (a reason, or every reason).
CREATE UNIQUE INDEX "Experiment_one_running_per_scope" ON "Experiment"("workspaceId", COALESCE("reasonId", ''))
  WHERE "status" = 'running';
CREATE UNIQUE INDEX "ExperimentVariant_experimentId_key_key" ON "ExperimentVariant"("experimentId", "key");
CREATE INDEX "ExperimentVariant_offerId_idx" ON "ExperimentVariant"("offerId");

-- Results per variant from the indexes alone (index-only scans), not the tables.
CREATE INDEX "CancelSession_experimentId_environment_variant_idx" ON "CancelSession"("experimentId", "environment", "variant")
  INCLUDE ("offerShownAt", "createdAt") WHERE "experimentId" IS NOT NULL;
CREATE INDEX "CancellationEvent_experimentId_environment_variant_idx" ON "CancellationEvent"("experimentId", "environment", "variant")
  INCLUDE ("outcome", "offerAccepted", "mrr", "occurredAt", "saveBrokenAt") WHERE "experimentId" IS NOT NULL;

ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_reasonId_fkey" FOREIGN KEY ("reasonId") REFERENCES "Reason"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "ExperimentVariant" ADD CONSTRAINT "ExperimentVariant_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ExperimentVariant" ADD CONSTRAINT "ExperimentVariant_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
