import { can } from "@/lib/access/policy";
import { ReadOnlyNote } from "../_components/read-only-note";
import { settingsAccess } from "../access";
import { TeamTab } from "./_components/team-tab";

export default async function TeamSettingsPage() {
  const { user, current, denial, canEdit } = await settingsAccess();
  return (
    <>
      <ReadOnlyNote denial={denial} section="team" />
      <TeamTab
        workspaceId={current.id}
        role={current.role}
        userId={user.id}
        isDemo={current.isDemo}
        timeZone={current.timezone}
        canInvite={canEdit}
        canManage={can(current, { role: "owner" })}
      />
    </>
  );
}
