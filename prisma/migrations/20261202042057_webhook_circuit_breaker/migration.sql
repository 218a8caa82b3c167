-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "circuitOpenedAt" TIMESTAMP(3),
ADD COLUMN     "circuitOpenings" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "circuitRetryAt" TIMESTAMP(3),
ADD COLUMN     "consecutiveTimeouts" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_nextAttemptAt_idx" ON "WebhookDelivery"("endpointId", "nextAttemptAt");
