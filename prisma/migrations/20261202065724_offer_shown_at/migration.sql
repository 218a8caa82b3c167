-- AlterTable
ALTER TABLE "CancelSession" ADD COLUMN     "offerShownAt" TIMESTAMP(3);

-- Sessions in flight when this ships: their offer counts as shown if the timeline says so.
UPDATE "CancelSession" s
SET "offerShownAt" = shown.at
FROM (
  SELECT c.id, min(((e->>'at')::timestamptz) AT TIME ZONE 'UTC') AS at
  FROM "CancelSession" c, jsonb_array_elements(c.timeline) e
  WHERE c.status IN ('created', 'opened') AND c."offerId" IS NOT NULL
    AND e->>'step' = 'offer_shown' AND e->'data'->>'offerId' = c."offerId"
  GROUP BY c.id
) shown
WHERE s.id = shown.id;
