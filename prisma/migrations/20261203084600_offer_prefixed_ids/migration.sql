-- Offer ids become prefixed like every other public id: a legacy cuid `clx…` becomes `off_clx…`
-- (new offers get `off_` + 24 base62 characters from lib/ids.ts). Written by hand: a data
-- migration, no schema change. Safe to run again: only ids without the prefix change.
--
-- No foreign key references "Offer"."id" (its own keys point at Workspace and Reason, and only
-- those have ON UPDATE CASCADE), so every column that holds an offer id as text is updated here:
--   "CancelSession"."offerId"                    the offer a hosted session showed
--   "CancelSession".timeline[*].data.offerId      offer_shown / offer_accepted / offer_declined steps
--   "AuditLog".target                             offer.created / offer.updated / offer.deleted
-- A reference to an offer deleted since is prefixed too: it was an offer id all the same.

UPDATE "Offer" SET id = 'off_' || id WHERE id NOT LIKE 'off\_%';

UPDATE "CancelSession" SET "offerId" = 'off_' || "offerId"
WHERE "offerId" IS NOT NULL AND "offerId" NOT LIKE 'off\_%';

UPDATE "CancelSession" s
SET timeline = (
  SELECT jsonb_agg(
    CASE
      WHEN jsonb_typeof(e->'data') = 'object'
        AND jsonb_typeof(e->'data'->'offerId') = 'string'
        AND e->'data'->>'offerId' NOT LIKE 'off\_%'
      THEN jsonb_set(e, '{data,offerId}', to_jsonb('off_' || (e->'data'->>'offerId')))
      ELSE e
    END
    ORDER BY t.ord
  )
  FROM jsonb_array_elements(s.timeline) WITH ORDINALITY AS t(e, ord)
)
WHERE jsonb_typeof(s.timeline) = 'array'
  AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(s.timeline) e
    WHERE jsonb_typeof(e->'data') = 'object'
      AND jsonb_typeof(e->'data'->'offerId') = 'string'
      AND e->'data'->>'offerId' NOT LIKE 'off\_%'
  );

UPDATE "AuditLog" SET target = 'off_' || target
WHERE action LIKE 'offer.%' AND target IS NOT NULL AND target NOT LIKE 'off\_%';
