import Form from "next/form";
import type { ReactNode } from "react";
import { Button, ButtonLink } from "@/components/ui/button";

/**
 * A list's filters as a GET form: the URL holds them (shareable, back button works). next/form
 * navigates client-side when JavaScript runs and is a plain form when it does not. Applying
 * starts from the first page again.
 */
export function FilterForm({
  action,
  clearHref,
  hidden,
  children,
  label,
}: {
  action: string;
  clearHref?: string;
  hidden?: Record<string, string>;
  children: ReactNode;
  label: string;
}) {
  return (
    <Form
      action={action}
      aria-label={label}
      className="rounded-card border border-line bg-surface p-3 shadow-card sm:p-4"
    >
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-3 xl:grid-cols-6">{children}</div>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm">
          Apply filters
        </Button>
        {clearHref ? (
          <ButtonLink href={clearHref} variant="ghost" size="sm">
            Clear filters
          </ButtonLink>
        ) : null}
      </div>
    </Form>
  );
}

/** One labelled control of a FilterForm. */
export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-caption font-medium text-ink-subtle">
        {label}
      </label>
      <div className="mt-0.5">{children}</div>
    </div>
  );
}
