import { settingsAccess } from "../access";
import { AuditTab } from "./_components/audit-tab";

/** Admins and owners read the log; others are told so (the link is not in their nav). */
export default async function AuditSettingsPage() {
  const { current, isAdmin } = await settingsAccess();
  if (!isAdmin) {
    return (
      <p className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-700" role="status">
        Only admins and owners can see the audit log.
      </p>
    );
  }
  return <AuditTab workspaceId={current.id} timeZone={current.timezone} />;
}
