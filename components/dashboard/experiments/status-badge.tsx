import { Badge } from "@/components/ui/badge";
import type { ExperimentStatus } from "./types";

const STATUS: Record<ExperimentStatus, { label: string; tone: "neutral" | "success" | "brand" }> = {
  draft: { label: "Draft", tone: "neutral" },
  running: { label: "Running", tone: "success" },
  stopped: { label: "Stopped", tone: "brand" },
};

/** An experiment's status, in a word (never colour alone). */
export function ExperimentStatusBadge({ status }: { status: ExperimentStatus }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} className="whitespace-nowrap">
      {s.label}
    </Badge>
  );
}
