import { ReadOnlyNote } from "../_components/read-only-note";
import { settingsAccess } from "../access";
import { WebhooksTab } from "./_components/webhooks-tab";

export default async function WebhookSettingsPage() {
  const { current, denial, canEdit } = await settingsAccess();
  return (
    <>
      <ReadOnlyNote denial={denial} />
      <WebhooksTab
        workspaceId={current.id}
        plan={current.plan}
        canEdit={canEdit}
        timeZone={current.timezone}
      />
    </>
  );
}
