import { ButtonLink } from "@/components/ui/button";

/**
 * Keyset pages go one way: from the newest, older and older. "Newest" starts over; the cursor
 * of the next page is the last row of this one.
 */
export function Pagination({
  newestHref,
  nextHref,
  label,
}: {
  /** Set when this is not the first page. */
  newestHref?: string;
  nextHref?: string;
  label: string;
}) {
  if (!newestHref && !nextHref) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3">
      {newestHref ? (
        <ButtonLink href={newestHref} variant="secondary" size="sm">
          <span aria-hidden="true">←</span> Newest
        </ButtonLink>
      ) : (
        <span />
      )}
      {nextHref ? (
        <ButtonLink href={nextHref} variant="secondary" size="sm">
          Older <span aria-hidden="true">→</span>
        </ButtonLink>
      ) : null}
    </nav>
  );
}
