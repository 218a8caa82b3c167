import { ReadOnlyNote } from "../_components/read-only-note";
import { settingsAccess } from "../access";
import { ApiTab } from "./_components/api-tab";

export default async function ApiSettingsPage() {
  const { current, denial, canEdit } = await settingsAccess();
  return (
    <>
      <ReadOnlyNote denial={denial} />
      <ApiTab workspaceId={current.id} canEdit={canEdit} timeZone={current.timezone} />
    </>
  );
}
