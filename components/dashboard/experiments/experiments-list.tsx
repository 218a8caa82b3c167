import Link from "next/link";
import { Table, TBody, Td, THead, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/dashboard/format";
import { ExperimentStatusBadge } from "./status-badge";
import { type ExperimentView, offerName } from "./types";

/** "All reasons", or the reason's label (its key when the reason is gone). */
export function scopeLabel(reasonKey: string | null, labels: Record<string, string>): string {
  if (!reasonKey) return "All reasons";
  return labels[reasonKey] ?? reasonKey;
}

/** "holdout 1 · discount_30 2": each variant's key and weight, the offer in the title. */
function VariantsSummary({ experiment }: { experiment: ExperimentView }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-0.5">
      {experiment.variants.map((v) => (
        <li key={v.key} className="whitespace-nowrap">
          <span className="font-mono text-caption text-ink">{v.key}</span>{" "}
          <span className="text-caption text-ink-subtle">
            {v.holdout ? "holdout" : offerName(v)} · weight {v.weight}
          </span>
          {experiment.winnerVariant === v.key ? (
            <span className="text-caption text-ink"> · winner</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ExperimentsList({
  experiments,
  reasonLabels,
  timeZone,
}: {
  experiments: ExperimentView[];
  reasonLabels: Record<string, string>;
  timeZone: string;
}) {
  const when = (at: Date | string | null) =>
    at ? formatDateTime(at, timeZone) : <span className="text-ink-subtle">—</span>;
  return (
    <Table caption="Experiments" minWidth="min-w-[52rem]">
      <THead>
        <Th>Experiment</Th>
        <Th>Scope</Th>
        <Th>Status</Th>
        <Th>Started</Th>
        <Th>Stopped</Th>
        <Th>Variants</Th>
      </THead>
      <TBody>
        {experiments.map((e) => (
          <tr key={e.id}>
            <th scope="row" className="px-4 py-2.5 text-left align-top font-medium text-ink">
              <Link
                href={`/dashboard/experiments/${e.id}`}
                className="text-brand-700 underline-offset-4 hover:underline"
              >
                {e.name}
              </Link>
            </th>
            <Td>{scopeLabel(e.reasonKey, reasonLabels)}</Td>
            <Td>
              <ExperimentStatusBadge status={e.status} />
            </Td>
            <Td className="whitespace-nowrap">{when(e.startedAt)}</Td>
            <Td className="whitespace-nowrap">{when(e.stoppedAt)}</Td>
            <Td>
              <VariantsSummary experiment={e} />
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
