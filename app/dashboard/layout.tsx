import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccessBanner } from "@/components/dashboard/access-banner";
import { DashboardNav, SignOutButton } from "@/components/dashboard/nav";
import { BrandMark } from "@/components/ui/brand-mark";
import { getDashboard } from "@/lib/dashboard/context";
import { RootDocument } from "../root-document";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: { template: "%s · RetentBase", default: "Dashboard" } };

/**
 * Phone: one 56 px row (brand, workspace menu, sign out) over a scrolling nav row. Desktop: the
 * same pieces in a sticky 240 px sidebar. docs/design.md describes the system.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, workspaces, current } = await getDashboard();
  return (
    <RootDocument lang="en">
      <div className="min-h-dvh bg-canvas lg:flex">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:m-2 focus:rounded focus:bg-surface focus:p-2"
        >
          Skip to content
        </a>
        {/* The sidebar runs the page's full height; its content stays in view while the page scrolls. */}
        <header className="border-b border-line bg-surface lg:w-60 lg:shrink-0 lg:border-r lg:border-b-0">
          <div className="lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col">
            <div className="flex h-14 items-center gap-2 px-3 lg:h-auto lg:flex-col lg:items-stretch lg:gap-4 lg:px-3 lg:pt-4 lg:pb-2">
              <Link
                href="/dashboard"
                className="flex shrink-0 items-center gap-2 rounded-md text-heading text-ink lg:px-1"
              >
                <BrandMark />
                <span className="sr-only sm:not-sr-only">RetentBase</span>
              </Link>
              <div className="min-w-0 flex-1 lg:flex-none">
                {workspaces.length ? <WorkspaceSwitcher workspaces={workspaces} current={current} /> : null}
              </div>
              <SignOutButton className="lg:hidden" />
            </div>
            <div className="lg:flex-1 lg:overflow-y-auto">
              <DashboardNav />
            </div>
            <div className="hidden border-t border-line px-3 py-3 lg:block">
              <p className="truncate px-1 text-caption text-ink-subtle" title={user.email}>
                {user.email}
              </p>
              <SignOutButton className="mt-1 w-full text-left" />
            </div>
          </div>
        </header>
        <div className="min-w-0 flex-1">
          <AccessBanner workspace={current} />
          {current?.isDemo ? (
            <div
              className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-body text-amber-900"
              role="status"
            >
              You are viewing the demo workspace: explore freely, changes are disabled.{" "}
              <Link href="/dashboard/new" className="font-medium underline underline-offset-4">
                Create your own workspace
              </Link>
            </div>
          ) : null}
          <main id="main" className="mx-auto max-w-6xl px-4 py-5 sm:px-6 lg:px-8 lg:py-8">
            {children}
          </main>
        </div>
      </div>
    </RootDocument>
  );
}
