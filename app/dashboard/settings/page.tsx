import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/dashboard/page-header";
import { ApiTab } from "@/components/dashboard/settings/api-tab";
import { HostedFlowTab } from "@/components/dashboard/settings/hosted-flow-tab";
import { cn } from "@/components/ui/cn";
import { requireWorkspace } from "@/lib/dashboard/context";
import { hasRole } from "@/lib/domain/workspaces/access";

export const metadata: Metadata = { title: "Settings" };

const TABS = [
  { id: "api", label: "API" },
  { id: "hosted-flow", label: "Hosted flow" },
] as const;
type TabId = (typeof TABS)[number]["id"];

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { current } = await requireWorkspace();
  const requested = (await searchParams).tab;
  const tab: TabId = TABS.some((t) => t.id === requested) ? (requested as TabId) : "api";
  const canEdit = !current.isDemo && hasRole(current.role, "admin");

  return (
    <div>
      <PageHeader title="Settings" description={current.name} />
      <nav
        aria-label="Settings sections"
        className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200"
      >
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={`/dashboard/settings?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              t.id === tab
                ? "border-slate-900 text-slate-900"
                : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {!canEdit ? (
        <p className="mb-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status">
          {current.isDemo
            ? "The demo workspace is read-only."
            : "You can view these settings; only admins and owners can change them."}
        </p>
      ) : null}
      {tab === "api" ? <ApiTab workspaceId={current.id} canEdit={canEdit} /> : null}
      {tab === "hosted-flow" ? <HostedFlowTab workspaceId={current.id} canEdit={canEdit} /> : null}
    </div>
  );
}
