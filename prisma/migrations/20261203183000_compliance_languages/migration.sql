-- Languages, compliance modes, receipts and the compliance record (issue 15, DESIGN 12).

CREATE TYPE "ComplianceMode" AS ENUM ('standard', 'click_to_cancel', 'de_312k', 'fr_3_clicks');
CREATE TYPE "CancelIntent" AS ENUM ('cancel', 'withdrawal');

-- complianceMode: auto (by the customer's country and region) or one forced mode.
ALTER TABLE "Workspace"
  ADD COLUMN "defaultLocale" TEXT NOT NULL DEFAULT 'en',
  ADD COLUMN "complianceMode" TEXT NOT NULL DEFAULT 'auto',
  ADD CONSTRAINT "Workspace_complianceMode_check"
    CHECK ("complianceMode" IN ('auto', 'standard', 'click_to_cancel', 'de_312k', 'fr_3_clicks'));

-- Per-locale texts, keyed by locale: reasons take label, offers label and termsText.
ALTER TABLE "Reason" ADD COLUMN "translations" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "Offer" ADD COLUMN "translations" JSONB NOT NULL DEFAULT '{}';

-- locale is decided once: from the link, else from the browser on first view, else the workspace
-- default. localeFromLink says the link fixed it.
ALTER TABLE "CancelSession"
  ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en',
  ADD COLUMN "localeFromLink" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "intent" "CancelIntent" NOT NULL DEFAULT 'cancel',
  ADD COLUMN "complianceMode" "ComplianceMode" NOT NULL DEFAULT 'standard',
  ADD COLUMN "jurisdiction" TEXT,
  ADD COLUMN "customerEmail" TEXT,
  ADD COLUMN "customerName" TEXT,
  ADD COLUMN "customerCountry" TEXT,
  ADD COLUMN "customerRegion" TEXT,
  ADD COLUMN "subscriptionReference" TEXT,
  ADD COLUMN "subscriptionDescription" TEXT,
  ADD COLUMN "subscriptionEndsAt" TIMESTAMP(3),
  ADD COLUMN "terminationType" TEXT,
  ADD COLUMN "confirmationEmail" TEXT;

ALTER TABLE "CancellationEvent" ADD COLUMN "intent" "CancelIntent" NOT NULL DEFAULT 'cancel';

-- One receipt per confirmed cancellation or withdrawal: the PDF bytes as first made, served again
-- as stored, and the one email sent with it.
CREATE TABLE "Receipt" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailTo" TEXT,
    "emailClaimedAt" TIMESTAMP(3),
    "emailedAt" TIMESTAMP(3),
    "messageId" TEXT,
    "emailError" TEXT,
    CONSTRAINT "Receipt_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Receipt_sessionId_key" ON "Receipt"("sessionId");
CREATE INDEX "Receipt_workspaceId_createdAt_idx" ON "Receipt"("workspaceId", "createdAt" DESC);
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "CancelSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
