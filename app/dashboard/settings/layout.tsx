import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PageHeader } from "@/components/dashboard/page-header";
import { Toaster } from "@/components/ui/toast";
import { hasRole } from "@/lib/access/policy";
import { requireWorkspace } from "@/lib/dashboard/context";
import { SettingsNav } from "./_components/settings-nav";
import { SETTINGS_TABS, settingsPath } from "./tabs";

export const metadata: Metadata = { title: "Settings" };

/** Every Settings section: the workspace's name and the sections' links, then the open one. */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { current } = await requireWorkspace();
  const isAdmin = hasRole(current.role, "admin");
  const tabs = SETTINGS_TABS.filter((t) => !("adminOnly" in t) || isAdmin).map((t) => ({
    href: settingsPath(t.id),
    label: t.label,
  }));
  return (
    <div>
      <PageHeader title="Settings" description={current.name} />
      <SettingsNav tabs={tabs} />
      {children}
      {/* Confirmations of every section's forms ("Reason saved.") appear here and go away. */}
      <Toaster />
    </div>
  );
}
