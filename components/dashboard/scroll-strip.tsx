"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A row of links that scrolls sideways on a narrow screen and says so: a fade (with a chevron) at
 * each edge where something is cut off. The current item (aria-current) is scrolled into view.
 * `vertical` from the `lg` breakpoint: a plain column, no scrolling.
 */
export function ScrollStrip({
  children,
  className,
  fade = "from-surface",
  verticalOnDesktop = false,
}: {
  children: ReactNode;
  className?: string;
  /** The gradient's start colour: the strip's background. */
  fade?: string;
  verticalOnDesktop?: boolean;
}) {
  const strip = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ start: false, end: false });

  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    const current = el.querySelector<HTMLElement>("[aria-current=page]");
    if (current && el.scrollWidth > el.clientWidth) {
      const left = current.offsetLeft - el.clientWidth / 2 + current.offsetWidth / 2;
      el.scrollLeft = Math.max(0, left);
    }
    const update = () =>
      setEdges({
        start: el.scrollLeft > 1,
        end: el.scrollLeft + el.clientWidth < el.scrollWidth - 1,
      });
    update();
    el.addEventListener("scroll", update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener("scroll", update);
      resize.disconnect();
    };
  }, []);

  const edge = "pointer-events-none absolute inset-y-0 flex w-10 items-center to-transparent";
  return (
    <div className="relative min-w-0">
      <div
        ref={strip}
        className={cn(
          "scrollbar-none flex overflow-x-auto overscroll-x-contain",
          verticalOnDesktop && "lg:flex-col lg:overflow-visible",
          className,
        )}
      >
        {children}
      </div>
      {edges.start ? (
        <div
          aria-hidden="true"
          data-testid="scroll-fade-start"
          className={cn(edge, "left-0 justify-start bg-linear-to-r pl-0.5", fade)}
        >
          <Chevron className="rotate-180" />
        </div>
      ) : null}
      {edges.end ? (
        <div
          aria-hidden="true"
          data-testid="scroll-fade-end"
          className={cn(edge, "right-0 justify-end bg-linear-to-l pr-0.5", fade)}
        >
          <Chevron />
        </div>
      ) : null}
    </div>
  );
}

function Chevron({ className }: { className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      fill="none"
      className={cn("size-4 text-ink-subtle", className)}
    >
      <path d="m6 3.5 4.5 4.5L6 12.5" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
    </svg>
  );
}
