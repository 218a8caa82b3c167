import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccessBanner } from "@/components/dashboard/access-banner";
import { DashboardNav, SignOutButton } from "@/components/dashboard/nav";
import { getDashboard } from "@/lib/dashboard/context";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { template: "%s · RetentBase", default: "Dashboard" } };

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, workspaces, current } = await getDashboard();
  return (
    <div className="min-h-dvh bg-slate-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/dashboard" className="font-semibold text-slate-900">
            RetentBase
          </Link>
          <div className="flex flex-wrap items-center gap-3">
            {workspaces.length ? <WorkspaceSwitcher workspaces={workspaces} current={current} /> : null}
            <span className="hidden text-sm text-slate-600 sm:inline">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <AccessBanner workspace={current} />
      {current?.isDemo ? (
        <div
          className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900"
          role="status"
        >
          You are viewing the demo workspace: explore freely, changes are disabled.{" "}
          <Link href="/dashboard/new" className="font-medium underline underline-offset-4">
            Create your own workspace
          </Link>
        </div>
      ) : null}
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 lg:flex-row">
        <aside className="lg:w-48 lg:shrink-0">
          <DashboardNav />
        </aside>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}
