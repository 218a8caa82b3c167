-- CreateTable
CREATE TABLE "EventRollup" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "reasonKey" TEXT NOT NULL,
    "offerType" "OfferType" NOT NULL,
    "offerLabel" TEXT NOT NULL,
    "offerAccepted" BOOLEAN NOT NULL,
    "outcome" TEXT NOT NULL,
    "source" "EventSource" NOT NULL,
    "plan" TEXT NOT NULL,
    "mrrBand" TEXT NOT NULL,
    "tenureBand" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "mrr" DECIMAL(65,30) NOT NULL,

    CONSTRAINT "EventRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollupState" (
    "workspaceId" TEXT NOT NULL,
    "refreshedUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateIndex
CREATE INDEX "EventRollup_workspaceId_day_idx" ON "EventRollup"("workspaceId", "day");

-- CreateIndex
CREATE INDEX "CancellationEvent_workspaceId_updatedAt_idx" ON "CancellationEvent"("workspaceId", "updatedAt");

-- AddForeignKey
ALTER TABLE "EventRollup" ADD CONSTRAINT "EventRollup_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollupState" ADD CONSTRAINT "RollupState_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
