import { Badge } from "@/components/ui/badge";
import type { CancelSessionStatus, DeliveryStatus, Environment, OfferType, Outcome } from "@/lib/db-types";

const OUTCOMES: Record<Outcome, { label: string; tone: "success" | "danger" | "neutral" }> = {
  recovered: { label: "Recovered", tone: "success" },
  churned: { label: "Churned", tone: "danger" },
  abandoned: { label: "Abandoned", tone: "neutral" },
};

/** An event's outcome; null is pending (the merchant has not reported the final outcome yet). */
export function OutcomeBadge({ outcome }: { outcome: Outcome | null }) {
  if (!outcome)
    return (
      <Badge tone="warning" className="whitespace-nowrap">
        Pending
      </Badge>
    );
  const o = OUTCOMES[outcome];
  return (
    <Badge tone={o.tone} className="whitespace-nowrap">
      {o.label}
    </Badge>
  );
}

export function SourceBadge({ source }: { source: "hosted" | "api" }) {
  return source === "hosted" ? (
    <Badge tone="brand" className="whitespace-nowrap">
      Hosted flow
    </Badge>
  ) : (
    <Badge>API</Badge>
  );
}

/** Only sandbox is marked: production is the normal case. */
export function SandboxBadge({ environment }: { environment: Environment }) {
  return environment === "sandbox" ? <Badge tone="warning">Sandbox</Badge> : null;
}

const SESSION_STATUSES: Record<
  CancelSessionStatus,
  { label: string; tone: "neutral" | "brand" | "success" }
> = {
  created: { label: "Created", tone: "neutral" },
  opened: { label: "Opened", tone: "brand" },
  completed: { label: "Completed", tone: "success" },
  expired: { label: "Expired", tone: "neutral" },
};

export function SessionStatusBadge({ status }: { status: CancelSessionStatus }) {
  const s = SESSION_STATUSES[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

// A webhook delivery's status, in the API's words (`status=dead` is "Dead" everywhere).
const DELIVERY_STATUSES: Record<
  DeliveryStatus,
  { label: string; tone: "success" | "neutral" | "warning" | "danger" }
> = {
  succeeded: { label: "Succeeded", tone: "success" },
  pending: { label: "Pending", tone: "neutral" },
  failed: { label: "Failed, retrying", tone: "warning" },
  dead: { label: "Dead", tone: "danger" },
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const s = DELIVERY_STATUSES[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/** "30% off for 3 months · accepted", "Pause (declined)", "No offer". */
export function offerSummary(
  offer: { type: OfferType; label: string | null; accepted: boolean | null } | null,
) {
  if (!offer || offer.type === "none") return "No offer";
  const name = offer.label || (offer.type === "pause" ? "Pause" : "Discount");
  if (offer.accepted === null) return `${name} · shown`;
  return `${name} · ${offer.accepted ? "accepted" : "declined"}`;
}
