-- AlterTable
ALTER TABLE "User" ADD COLUMN     "trialStartedAt" TIMESTAMP(3);

-- Backfill: a user who owns a workspace that has ever had a subscription (every workspace created
-- with billing on starts on the trial) has had their trial.
UPDATE "User" u SET "trialStartedAt" = t.first
FROM (
  SELECT m."userId", min(w."createdAt") AS first
  FROM "Membership" m JOIN "Workspace" w ON w.id = m."workspaceId"
  WHERE m.role = 'owner' AND w."subscriptionStatus" <> 'none' AND NOT w."isDemo"
  GROUP BY m."userId"
) t
WHERE u.id = t."userId";
