import Link from "next/link";

export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Link
      href={href}
      className="mb-3 inline-flex items-center gap-1 rounded text-sm font-medium text-ink-muted hover:text-ink"
    >
      <span aria-hidden="true">←</span> {children}
    </Link>
  );
}
