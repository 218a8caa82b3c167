import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { Environment } from "@/lib/db-types";

const OPTIONS: { value: Environment; label: string }[] = [
  { value: "prod", label: "Production" },
  { value: "sandbox", label: "Sandbox" },
];

/** Production / Sandbox as two links (a plain GET, works without JavaScript). */
export function EnvironmentSwitch({
  current,
  hrefFor,
}: {
  current: Environment;
  hrefFor: (environment: Environment) => string;
}) {
  return (
    <nav aria-label="Environment">
      <ul className="inline-flex rounded-control border border-line-control bg-surface-muted p-0.5">
        {OPTIONS.map((o) => {
          const active = o.value === current;
          return (
            <li key={o.value}>
              <Link
                href={hrefFor(o.value)}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-7 items-center rounded-[0.375rem] px-2.5 text-body font-medium",
                  active
                    ? o.value === "sandbox"
                      ? "bg-amber-100 text-amber-950 shadow-[0_0_0_1px_var(--color-amber-300)]"
                      : "bg-surface text-ink shadow-[0_1px_2px_rgb(15_23_42/0.12),0_0_0_1px_var(--color-line)]"
                    : "text-ink-muted hover:text-ink",
                )}
              >
                {o.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
