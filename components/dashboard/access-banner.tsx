import Link from "next/link";
import { accessState, PAST_DUE_GRACE_DAYS, readOnlyReason } from "@/lib/billing/access";
import { formatDateTime } from "@/lib/dashboard/format";
import type { AccessibleWorkspace } from "@/lib/domain/workspaces/access";

/** Why a workspace is limited and how to fix it: on every dashboard page. */
export function AccessBanner({ workspace }: { workspace: AccessibleWorkspace | null }) {
  if (!workspace || workspace.isDemo) return null;
  const access = accessState(workspace);
  if (access === "full") return null;
  if (access === "grace") {
    const until = workspace.pastDueSince
      ? formatDateTime(
          new Date(workspace.pastDueSince.getTime() + PAST_DUE_GRACE_DAYS * 86_400_000),
          workspace.timezone,
        )
      : `${PAST_DUE_GRACE_DAYS} days`;
    return (
      <div
        role="status"
        className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900"
      >
        The last payment failed. Everything keeps working until {until}.{" "}
        <Link href="/dashboard/billing" className="font-medium underline underline-offset-4">
          Update your payment method
        </Link>
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="border-b border-red-200 bg-red-50 px-4 py-2 text-center text-sm text-red-900"
    >
      {readOnlyReason(workspace) === "needs_plan" ? (
        <>
          This workspace has no plan yet: your free trial was used on another workspace. Until you choose one,
          the API refuses writes with 402; reads work.{" "}
          <Link href="/dashboard/billing" className="font-medium underline underline-offset-4">
            Choose a plan under Billing
          </Link>
        </>
      ) : (
        <>
          This workspace is read-only because its subscription has ended: the API refuses writes with 402,
          reads and exports keep working, no data is deleted.{" "}
          <Link href="/dashboard/billing" className="font-medium underline underline-offset-4">
            Renew under Billing
          </Link>
        </>
      )}
    </div>
  );
}
