import { settingsAccess } from "../access";
import { NotificationsTab } from "./_components/notifications-tab";

/** Each member's own preference: no read-only note, the demo's viewers are told inside. */
export default async function NotificationSettingsPage() {
  const { user, current } = await settingsAccess();
  return (
    <NotificationsTab
      workspaceId={current.id}
      workspaceName={current.name}
      userId={user.id}
      email={user.email}
    />
  );
}
