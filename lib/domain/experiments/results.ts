// An experiment's results, per variant, from two grouped queries that Postgres answers from the
// partial covering indexes of the migration (index-only scans): the sessions assigned, and their
// cancellation events. Production only: sandbox sessions are assigned but never counted.
import { db, Prisma, utc } from "@/lib/db";
import { VALIDATION_MS } from "@/lib/domain/cancellations/save-validity";
import type { ExperimentResults, VariantResults } from "./schema";
import { twoProportionZTest, wilsonInterval } from "./stats";

/** Below this many sessions in an arm, the dashboard says "not enough data yet". */
export const MIN_SESSIONS_PER_ARM = 30;

/** Outcomes that are saves: the customer did not cancel (accepted the offer, or left the flow). */
export const SAVE_OUTCOMES = ["recovered", "abandoned"] as const;

type SessionRow = { variant: string | null; sessions: number; shown: number; old_sessions: number };
type EventRow = {
  variant: string | null;
  accepted: number;
  saves: number;
  mrr_saved: string | null;
  validated_saves: number;
};

export type ResultVariant = { key: string; offerId: string | null };

/** The SQL: session counts per variant (index-only on CancelSession_experimentId_environment_variant_idx). */
export function sessionCountsSql(experimentId: string, validatedBefore: Date): Prisma.Sql {
  return Prisma.sql`
    select variant, count(*)::int as sessions, count("offerShownAt")::int as shown,
      (count(*) filter (where "createdAt" <= ${utc(validatedBefore)}))::int as old_sessions
    from "CancelSession"
    where "experimentId" = ${experimentId} and environment = 'prod'::"Environment"
    group by variant`;
}

/** The SQL: event counts per variant (index-only on CancellationEvent_experimentId_environment_variant_idx). */
export function eventCountsSql(experimentId: string, validatedBefore: Date): Prisma.Sql {
  const saved = Prisma.sql`outcome in ('recovered'::"Outcome", 'abandoned'::"Outcome")`;
  return Prisma.sql`
    select variant,
      (count(*) filter (where "offerAccepted"))::int as accepted,
      (count(*) filter (where ${saved}))::int as saves,
      (sum(mrr) filter (where ${saved}))::text as mrr_saved,
      (count(*) filter (where ${saved} and "occurredAt" <= ${utc(validatedBefore)}
        and ("saveBrokenAt" is null or "saveBrokenAt" > "occurredAt" + interval '30 days')))::int as validated_saves
    from "CancellationEvent"
    where "experimentId" = ${experimentId} and environment = 'prod'::"Environment"
    group by variant`;
}

/**
 * Per variant: sessions (intent to treat: every prod session assigned), offers shown, accepted,
 * saves (events recovered or abandoned, so not PATCHed to churned), save rate with its 95 % Wilson
 * interval, MRR saved; and validated, over sessions older than 30 days at `now`, the saves that
 * lasted (isValidatedSave: 30 days after the event, neither PATCHed to churned nor followed by a
 * churned event of the same customer by then). Lift: each offer variant against the holdout.
 */
export async function computeResults(
  experimentId: string,
  variants: readonly ResultVariant[],
  now: Date,
): Promise<ExperimentResults> {
  const validatedBefore = new Date(now.getTime() - VALIDATION_MS);
  const [sessionRows, eventRows] = await Promise.all([
    db.$queryRaw<SessionRow[]>(sessionCountsSql(experimentId, validatedBefore)),
    db.$queryRaw<EventRow[]>(eventCountsSql(experimentId, validatedBefore)),
  ]);
  return buildResults(experimentId, variants, sessionRows, eventRows, now);
}

const rate = (s: number, n: number) => (n > 0 ? s / n : null);

export function buildResults(
  experimentId: string,
  variants: readonly ResultVariant[],
  sessionRows: readonly SessionRow[],
  eventRows: readonly EventRow[],
  now: Date,
): ExperimentResults {
  const sessionsBy = new Map(sessionRows.map((r) => [r.variant, r]));
  const eventsBy = new Map(eventRows.map((r) => [r.variant, r]));
  const rows: VariantResults[] = variants.map((v) => {
    const s = sessionsBy.get(v.key);
    const e = eventsBy.get(v.key);
    const sessions = Number(s?.sessions ?? 0);
    const saves = Number(e?.saves ?? 0);
    const oldSessions = Number(s?.old_sessions ?? 0);
    // An event 30 days old is an old session's (it never comes before its session); a session just
    // old enough whose event came later is counted, its save not yet validated (isValidatedSave).
    const validatedSaves = Number(e?.validated_saves ?? 0);
    return {
      key: v.key,
      offerId: v.offerId,
      holdout: v.offerId === null,
      sessions,
      shown: Number(s?.shown ?? 0),
      accepted: Number(e?.accepted ?? 0),
      saves,
      saveRate: rate(saves, sessions),
      interval: wilsonInterval(saves, sessions),
      mrrSaved: Math.round(Number(e?.mrr_saved ?? 0) * 100) / 100,
      validated: {
        sessions: oldSessions,
        saves: validatedSaves,
        saveRate: rate(validatedSaves, oldSessions),
        interval: wilsonInterval(validatedSaves, oldSessions),
      },
    };
  });
  const holdout = rows.find((r) => r.holdout);
  const lift = holdout
    ? rows
        .filter((r) => !r.holdout)
        .map((r) => ({
          variant: r.key,
          vsHoldout: r.saveRate === null || holdout.saveRate === null ? null : r.saveRate - holdout.saveRate,
          pValue:
            r.sessions > 0 && holdout.sessions > 0
              ? twoProportionZTest(r.saves, r.sessions, holdout.saves, holdout.sessions).pValue
              : null,
          enoughData: r.sessions >= MIN_SESSIONS_PER_ARM && holdout.sessions >= MIN_SESSIONS_PER_ARM,
        }))
    : [];
  return {
    experimentId,
    computedAt: now.toISOString(),
    enoughData: rows.length > 0 && rows.every((r) => r.sessions >= MIN_SESSIONS_PER_ARM),
    variants: rows,
    lift,
  };
}
