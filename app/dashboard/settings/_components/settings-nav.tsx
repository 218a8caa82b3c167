"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ScrollStrip } from "@/components/dashboard/scroll-strip";
import { cn } from "@/components/ui/cn";

/**
 * The Settings sections as links; the open one is marked for screen readers and by its underline.
 * On a phone the row scrolls, with a fade at the edge that is cut off.
 */
export function SettingsNav({ tabs }: { tabs: ReadonlyArray<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="mb-6 border-b border-line">
      <ScrollStrip fade="from-canvas" className="gap-1">
        {tabs.map((t) => {
          const current = pathname === t.href;
          return (
            <Link
              key={t.href}
              href={t.href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "-mb-px shrink-0 border-b-2 px-2.5 py-2 text-body font-medium whitespace-nowrap",
                current
                  ? "border-brand-600 text-ink"
                  : "border-transparent text-ink-muted hover:border-line-control hover:text-ink",
              )}
            >
              {t.label}
            </Link>
          );
        })}
      </ScrollStrip>
    </nav>
  );
}
