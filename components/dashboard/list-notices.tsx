/** What the list could not use from the URL (a stale page link, an unknown filter value). */
export function ListNotices({ problems }: { problems: string[] }) {
  if (!problems.length) return null;
  return (
    <div role="status" className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-ink-muted">
      {problems.map((p) => (
        <p key={p}>{p}</p>
      ))}
    </div>
  );
}
