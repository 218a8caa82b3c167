import { Badge } from "@/components/ui/badge";

/** Shown above any sandbox data, so test traffic is never mistaken for real customers. */
export function SandboxNotice() {
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-card border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950"
      data-testid="sandbox-notice"
    >
      <Badge tone="warning" className="bg-amber-100">
        Sandbox
      </Badge>
      <p>Sandbox data: never counted in retention health, issue detection or reports.</p>
    </div>
  );
}
