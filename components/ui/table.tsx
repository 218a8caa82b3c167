import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/**
 * A data table in a horizontally scrollable, keyboard-focusable region (so a narrow screen can
 * still reach every column), with a caption for screen readers.
 */
export function Table({
  caption,
  children,
  className,
  minWidth = "min-w-[40rem]",
}: {
  caption: string;
  children: ReactNode;
  className?: string;
  minWidth?: string;
}) {
  return (
    <section
      aria-label={caption}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
      tabIndex={0}
      className={cn(
        "overflow-x-auto rounded-card border border-line bg-surface shadow-card focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
        className,
      )}
    >
      <table className={cn("w-full text-left text-body", minWidth)}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </section>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-line bg-surface-muted text-caption font-medium text-ink-subtle">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-4 py-2 font-medium whitespace-nowrap", className)} {...props} />;
}

export function TBody({ children }: { children: ReactNode }) {
  return <tbody className="divide-y divide-line">{children}</tbody>;
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-2.5 align-top text-ink-muted", className)} {...props} />;
}
