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
      <ul className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5 shadow-xs">
        {OPTIONS.map((o) => {
          const active = o.value === current;
          return (
            <li key={o.value}>
              <Link
                href={hrefFor(o.value)}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-flex h-8 items-center rounded-md px-3 text-sm font-medium",
                  active
                    ? o.value === "sandbox"
                      ? "bg-amber-100 text-amber-950"
                      : "bg-slate-900 text-white"
                    : "text-slate-700 hover:bg-slate-100",
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
