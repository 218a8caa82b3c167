import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { formatDateTimeSeconds } from "@/lib/dashboard/format";
import type { TimelineTone } from "@/lib/domain/cancel-sessions/readable-timeline";

export type TimelineViewItem = {
  key: string;
  at: string;
  title: string;
  detail?: ReactNode;
  tone: TimelineTone;
  upcoming?: boolean;
};

const DOTS: Record<TimelineTone, string> = {
  neutral: "bg-slate-400",
  brand: "bg-brand-600",
  success: "bg-emerald-600",
  danger: "bg-red-600",
  warning: "bg-amber-500",
};

/** A vertical timeline, oldest first: a dot per step, its time, what happened. */
export function Timeline({
  items,
  label,
  timeZone,
}: {
  items: TimelineViewItem[];
  label: string;
  /** The workspace's: times are shown in it. */
  timeZone: string;
}) {
  return (
    <ol aria-label={label} className="relative">
      {items.map((item, i) => (
        <li key={item.key} className="relative flex gap-3 pb-5 last:pb-0">
          {i < items.length - 1 ? (
            <span aria-hidden="true" className="absolute top-4 bottom-0 left-[5px] w-px bg-slate-200" />
          ) : null}
          <span
            aria-hidden="true"
            className={cn(
              "relative mt-1.5 size-[11px] shrink-0 rounded-full ring-4 ring-white",
              item.upcoming ? "border-2 border-dashed border-slate-400 bg-surface" : DOTS[item.tone],
            )}
          />
          <div className="min-w-0 flex-1">
            <p className={cn("text-sm font-medium", item.upcoming ? "text-ink-muted" : "text-ink")}>
              {item.title}
              {item.upcoming ? <span className="font-normal text-ink-subtle"> (scheduled)</span> : null}
            </p>
            <p className="text-xs text-ink-subtle">
              <time dateTime={item.at}>{formatDateTimeSeconds(item.at, timeZone)}</time>
            </p>
            {item.detail ? (
              <div className="mt-1 text-sm break-words text-ink-muted">{item.detail}</div>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
