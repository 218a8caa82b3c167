import type { Denial } from "@/lib/access/policy";

/** Why this section's forms are missing or disabled, when they are. */
export function ReadOnlyNote({ denial, section }: { denial: Denial | null; section?: "team" }) {
  if (!denial) return null;
  const note =
    denial.code === "demo_workspace"
      ? "The demo workspace is read-only."
      : denial.code === "subscription_inactive"
        ? "This workspace is read-only because its subscription has ended: renew it under Billing to make changes."
        : section === "team"
          ? "You can see who is in this workspace; admins and owners invite people."
          : "You can view these settings; only admins and owners can change them.";
  return (
    <p className="mb-4 rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status">
      {note}
    </p>
  );
}
