"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { ScrollStrip } from "./scroll-strip";

const icon = (d: string): ReactNode => (
  <svg aria-hidden="true" viewBox="0 0 16 16" fill="none" className="hidden size-4 shrink-0 lg:block">
    <path d={d} stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

const ITEMS = [
  { href: "/dashboard", label: "Overview", icon: icon("M2.5 7.5 8 3l5.5 4.5V13h-4V9.5h-3V13h-4z") },
  {
    href: "/dashboard/analytics",
    label: "Analytics",
    icon: icon("M2.5 13.5h11M4.5 11V7M8 11V3.5M11.5 11V6"),
  },
  {
    href: "/dashboard/experiments",
    label: "Experiments",
    icon: icon(
      "M6 2.5h4M6.75 2.5v4L3 12.5a.75.75 0 0 0 .65 1.1h8.7a.75.75 0 0 0 .65-1.1L9.25 6.5v-4M4.75 9.5h6.5",
    ),
  },
  { href: "/dashboard/events", label: "Events", icon: icon("M2.5 4h11M2.5 8h11M2.5 12h7") },
  {
    href: "/dashboard/sessions",
    label: "Sessions",
    icon: icon("M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM8 5v3l2 1.5"),
  },
  {
    href: "/dashboard/docs",
    label: "Docs",
    icon: icon("M4 2.5h5.5L12 5v8.5H4zM9.5 2.5V5H12M6 8h4M6 10.5h4"),
  },
  {
    href: "/dashboard/settings",
    label: "Settings",
    icon: icon(
      "M8 5.75a2.25 2.25 0 1 0 0 4.5 2.25 2.25 0 0 0 0-4.5zM8 1.75v2M8 12.25v2M1.75 8h2M12.25 8h2M3.6 3.6 5 5M11 11l1.4 1.4M3.6 12.4 5 11M11 5l1.4-1.4",
    ),
  },
  { href: "/dashboard/billing", label: "Billing", icon: icon("M2 4.5h12v7H2zM2 7h12M4.5 9.5h2") },
];

/** The dashboard's sections: a scrolling row under the phone header, a column in the desktop sidebar. */
export function DashboardNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Dashboard" className="border-t border-line lg:border-t-0">
      <ScrollStrip verticalOnDesktop className="gap-1 px-2 py-1.5 lg:gap-0.5 lg:px-3 lg:py-2">
        {ITEMS.map((item) => {
          const active = item.href === "/dashboard" ? pathname === item.href : pathname.startsWith(item.href);
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex shrink-0 items-center gap-2.5 rounded-md px-3 py-1.5 text-body font-medium whitespace-nowrap lg:px-2.5",
                active
                  ? "bg-brand-50 text-brand-800 lg:bg-canvas lg:text-ink lg:shadow-[inset_2px_0_0_var(--color-brand-600)]"
                  : "text-ink-muted hover:bg-canvas hover:text-ink",
              )}
            >
              {item.icon}
              {item.label}
            </Link>
          );
        })}
      </ScrollStrip>
    </nav>
  );
}

export function SignOutButton({ className }: { className?: string }) {
  return (
    <button
      type="button"
      className={cn(
        "h-9 shrink-0 rounded-control px-2.5 text-body font-medium text-ink-muted hover:bg-canvas hover:text-ink",
        className,
      )}
      onClick={async () => {
        const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
        await fetch("/api/auth/signout", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken, json: "true" }),
        });
        window.location.href = "/";
      }}
    >
      Sign out
    </button>
  );
}
