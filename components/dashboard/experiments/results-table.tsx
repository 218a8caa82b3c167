import { cn } from "@/components/ui/cn";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { count, money, pct } from "@/lib/dashboard/format";
import { type ExperimentVariantView, type LiftView, offerName, type VariantResultView } from "./types";

/** A 95 % interval of a rate: "31.2%–48.0%", "—" when there is none yet. */
export const interval = (i: readonly [number, number] | null) => (i ? `${pct(i[0])}–${pct(i[1])}` : "—");

/** A difference of two save rates, in percentage points: "+12.3 pts", "−4.0 pts". */
export function liftLabel(v: number | null): string {
  if (v === null) return "—";
  const pts = (v * 100).toFixed(1);
  if (Number(pts) === 0) return "0.0 pts";
  return v > 0 ? `+${pts} pts` : `−${pts.slice(1)} pts`;
}

/** A p-value to three places; below 0.001 said as such. */
export function pValueLabel(p: number | null): string {
  if (p === null) return "—";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

const Num = ({ className, ...props }: React.ComponentProps<"td">) => (
  <Td className={cn("text-right whitespace-nowrap tabular-nums", className)} {...props} />
);

/**
 * One row per variant: what its customers saw and did, its save rate with the 95 % Wilson interval,
 * its lift over the holdout with the z-test's p-value, MRR saved, and the save rate 30 days on.
 */
export function ResultsTable({
  results,
  variants,
  lift,
  currency,
  minSessions,
  winner,
}: {
  results: VariantResultView[];
  /** The experiment's variants (their offers), by key. */
  variants: ExperimentVariantView[];
  lift: LiftView[];
  currency: string;
  minSessions: number;
  winner: string | null;
}) {
  const liftOf = new Map(lift.map((l) => [l.variant, l]));
  const variantOf = new Map(variants.map((v) => [v.key, v]));
  return (
    <Table caption="Results per variant" minWidth="min-w-[72rem]" className="shadow-none">
      <THead>
        <Th>Variant</Th>
        <Th>Offer</Th>
        <Th className="text-right">Sessions</Th>
        <Th className="text-right">Offers shown</Th>
        <Th className="text-right">Accepted</Th>
        <Th className="text-right">Saves</Th>
        <Th className="text-right">Save rate</Th>
        <Th className="text-right">95 % interval</Th>
        <Th className="text-right">Lift vs holdout</Th>
        <Th className="text-right">p-value</Th>
        <Th className="text-right">MRR saved</Th>
        <Th className="text-right">Validated save rate</Th>
      </THead>
      <TBody>
        {results.map((r) => {
          const v = variantOf.get(r.key);
          const l = liftOf.get(r.key);
          const short = r.sessions < minSessions;
          return (
            <tr key={r.key}>
              <th
                scope="row"
                className="px-4 py-2.5 text-left align-top font-normal whitespace-nowrap text-ink"
              >
                <span className="font-mono">{r.key}</span>
                {winner === r.key ? <span className="ml-1.5 text-caption font-medium">(winner)</span> : null}
                {short ? (
                  <span className="block text-caption text-ink-subtle">Not enough data yet</span>
                ) : null}
              </th>
              <Td className="min-w-44">{v ? offerName(v) : r.holdout ? "No offer (holdout)" : "—"}</Td>
              <Num>{count(r.sessions)}</Num>
              <Num>{count(r.shown)}</Num>
              <Num>{count(r.accepted)}</Num>
              <Num>{count(r.saves)}</Num>
              <Num className="font-medium text-ink">{pct(r.saveRate)}</Num>
              <Num>{interval(r.interval)}</Num>
              <Num>
                {r.holdout ? (
                  <span className="text-ink-subtle">baseline</span>
                ) : (
                  <>
                    {liftLabel(l?.vsHoldout ?? null)}
                    {l && !l.enoughData ? (
                      <span className="block text-caption text-ink-subtle">not enough data</span>
                    ) : null}
                  </>
                )}
              </Num>
              <Num>{r.holdout ? "—" : pValueLabel(l?.pValue ?? null)}</Num>
              <Num>{money(r.mrrSaved, currency)}</Num>
              <Num>
                {pct(r.validated.saveRate)}
                <span className="block text-caption text-ink-subtle">
                  of {count(r.validated.sessions)} session{r.validated.sessions === 1 ? "" : "s"}
                </span>
              </Num>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
