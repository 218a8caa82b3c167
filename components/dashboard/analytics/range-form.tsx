"use client";

import { useRef } from "react";
import { cn } from "@/components/ui/cn";
import { isoDateInputProps } from "@/components/ui/field";
import { isoDay, lastDay, RANGE_PRESETS } from "@/lib/domain/analytics/range";

/**
 * The period as a segmented control (7 days … 6 months, Custom) in a GET form. A preset applies as
 * soon as it is picked (with JavaScript; Apply without); From/To show only for Custom (CSS, so
 * without JavaScript too). Dates read one way everywhere: ISO, UTC, in the fields and the summary.
 */
export function RangeForm({
  action,
  range,
  children,
}: {
  action: string;
  range: { from: Date; to: Date; preset: string | null };
  children?: React.ReactNode;
}) {
  const form = useRef<HTMLFormElement>(null);
  const selected = range.preset ?? "custom";
  const options = [
    ...RANGE_PRESETS.map((p) => ({
      id: p.id as string,
      label: p.short,
      compact: p.id === "26w" ? "6M" : p.id.toUpperCase(),
    })),
    { id: "custom", label: "Custom", compact: "Custom" },
  ];
  return (
    <form
      ref={form}
      method="get"
      action={action}
      className="group/range flex flex-wrap items-end gap-x-3 gap-y-2 rounded-card border border-line bg-surface p-3 shadow-card"
    >
      <div className="min-w-0 max-w-full">
        <div
          role="radiogroup"
          aria-label="Period"
          className="scrollbar-none flex max-w-full overflow-x-auto rounded-control border border-line-control bg-surface-muted p-0.5"
        >
          {options.map((o) => (
            <label
              key={o.id}
              className={cn(
                "relative flex h-7 shrink-0 cursor-pointer items-center rounded-[0.375rem] px-2.5 text-body font-medium whitespace-nowrap text-ink-muted select-none",
                "hover:text-ink has-checked:bg-surface has-checked:text-ink has-checked:shadow-[0_1px_2px_rgb(15_23_42/0.12),0_0_0_1px_var(--color-line)]",
                "has-focus-visible:outline-2 has-focus-visible:outline-offset-1 has-focus-visible:outline-brand-600",
              )}
            >
              <input
                type="radio"
                name="range"
                value={o.id}
                defaultChecked={o.id === selected}
                className="sr-only"
                onChange={(e) => {
                  if (e.currentTarget.value !== "custom") form.current?.requestSubmit();
                }}
              />
              {/* A phone gets the compact label (7D, 12W); the visible one is the radio's name either way. */}
              {o.compact === o.label ? (
                o.label
              ) : (
                <>
                  <span className="sm:hidden">{o.compact}</span>
                  <span className="hidden sm:inline">{o.label}</span>
                </>
              )}
            </label>
          ))}
        </div>
      </div>
      <div className="hidden items-end gap-2 group-has-[input[value=custom]:checked]/range:flex">
        <DateField id="from" label="From" value={isoDay(range.from)} />
        <span aria-hidden="true" className="pb-1.5 text-ink-subtle">
          –
        </span>
        <DateField id="to" label="To" value={lastDay(range.to)} />
      </div>
      {children}
      <button
        type="submit"
        // A preset applies when picked; Apply is for Custom dates and the extra filters.
        className={cn(
          children ? "inline-flex" : "hidden group-has-[input[value=custom]:checked]/range:inline-flex",
          "h-8 items-center rounded-control border border-line bg-surface px-3 text-body font-medium text-ink shadow-card hover:border-line-control hover:bg-surface-muted",
        )}
      >
        Apply
      </button>
      <p className="basis-full text-caption text-ink-subtle">
        <span className="font-medium text-ink-muted">
          {isoDay(range.from)} – {lastDay(range.to)}
        </span>{" "}
        (UTC) · Production data only: sandbox events never count here.
      </p>
    </form>
  );
}

function DateField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-caption font-medium text-ink-subtle">
        {label}
      </label>
      <input
        id={id}
        name={id}
        {...isoDateInputProps}
        defaultValue={value}
        className="mt-0.5 h-8 w-[7.5rem] rounded-control border border-line-control bg-surface px-2 text-body text-ink tabular-nums placeholder:text-ink-subtle"
      />
    </div>
  );
}
