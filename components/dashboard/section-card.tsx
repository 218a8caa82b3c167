import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/** A titled card: the heading names the section for screen-reader navigation too. */
export function SectionCard({
  title,
  description,
  actions,
  children,
  className,
  id,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-heading`;
  return (
    <Card className={cn("p-4 sm:p-5", className)}>
      <section id={id} aria-labelledby={headingId} className="scroll-mt-6">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id={headingId} className="text-heading text-ink">
              {title}
            </h2>
            {description ? <div className="mt-0.5 text-body text-ink-muted">{description}</div> : null}
          </div>
          {actions}
        </div>
        <div className="mt-4">{children}</div>
      </section>
    </Card>
  );
}
