import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/dashboard/page-header";
import { ApiTab } from "@/components/dashboard/settings/api-tab";
import { AuditTab } from "@/components/dashboard/settings/audit-tab";
import { GeneralTab } from "@/components/dashboard/settings/general-tab";
import { HostedFlowTab } from "@/components/dashboard/settings/hosted-flow-tab";
import { NotificationsTab } from "@/components/dashboard/settings/notifications-tab";
import { TeamTab } from "@/components/dashboard/settings/team-tab";
import { WebhooksTab } from "@/components/dashboard/settings/webhooks-tab";
import { cn } from "@/components/ui/cn";
import { can, checkAccess, hasRole } from "@/lib/access/policy";
import { requireWorkspace } from "@/lib/dashboard/context";

export const metadata: Metadata = { title: "Settings" };

const TABS = [
  { id: "general", label: "General" },
  { id: "team", label: "Team" },
  { id: "api", label: "API" },
  { id: "hosted-flow", label: "Hosted flow" },
  { id: "webhooks", label: "Webhooks" },
  { id: "notifications", label: "Notifications" },
  { id: "audit", label: "Audit log", adminOnly: true },
] as const satisfies ReadonlyArray<{ id: string; label: string; adminOnly?: boolean }>;
type TabId = (typeof TABS)[number]["id"];

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const { user, current } = await requireWorkspace();
  const requested = (await searchParams).tab;
  const tab: TabId = TABS.some((t) => t.id === requested) ? (requested as TabId) : "general";
  const isAdmin = hasRole(current.role, "admin");
  // The same policy the settings actions apply (demo, ended subscription, role): forms only when it allows.
  const denial = checkAccess(current, { via: "dashboard", role: current.role }, { role: "admin" });
  const canEdit = denial === null;
  const tabs = TABS.filter((t) => !("adminOnly" in t) || isAdmin);
  // Notifications are each member's own; the audit tab explains itself to non-admins.
  const readOnlyNote =
    tab === "notifications" || tab === "audit"
      ? null
      : denial?.code === "demo_workspace"
        ? "The demo workspace is read-only."
        : denial?.code === "subscription_inactive"
          ? "This workspace is read-only because its subscription has ended: renew it under Billing to make changes."
          : canEdit
            ? null
            : tab === "team"
              ? "You can see who is in this workspace; admins and owners invite people."
              : "You can view these settings; only admins and owners can change them.";

  return (
    <div>
      <PageHeader title="Settings" description={current.name} />
      <nav
        aria-label="Settings sections"
        className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200"
      >
        {tabs.map((t) => (
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
      {readOnlyNote ? (
        <p className="mb-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status">
          {readOnlyNote}
        </p>
      ) : null}
      {tab === "general" ? <GeneralTab workspaceId={current.id} canEdit={canEdit} /> : null}
      {tab === "team" ? (
        <TeamTab
          workspaceId={current.id}
          role={current.role}
          userId={user.id}
          isDemo={current.isDemo}
          timeZone={current.timezone}
          canInvite={canEdit}
          canManage={can(current, { role: "owner" })}
        />
      ) : null}
      {tab === "api" ? (
        <ApiTab workspaceId={current.id} canEdit={canEdit} timeZone={current.timezone} />
      ) : null}
      {tab === "hosted-flow" ? <HostedFlowTab workspaceId={current.id} canEdit={canEdit} /> : null}
      {tab === "webhooks" ? (
        <WebhooksTab
          workspaceId={current.id}
          plan={current.plan}
          canEdit={canEdit}
          timeZone={current.timezone}
        />
      ) : null}
      {tab === "notifications" ? (
        <NotificationsTab
          workspaceId={current.id}
          workspaceName={current.name}
          userId={user.id}
          email={user.email}
        />
      ) : null}
      {tab === "audit" ? (
        isAdmin ? (
          <AuditTab workspaceId={current.id} timeZone={current.timezone} />
        ) : (
          <p className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status">
            Only admins and owners can see the audit log.
          </p>
        )
      ) : null}
    </div>
  );
}
