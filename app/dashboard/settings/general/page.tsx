import { ReadOnlyNote } from "../_components/read-only-note";
import { settingsAccess } from "../access";
import { GeneralTab } from "./_components/general-tab";

export default async function GeneralSettingsPage() {
  const { current, denial, canEdit } = await settingsAccess();
  return (
    <>
      <ReadOnlyNote denial={denial} />
      <GeneralTab workspaceId={current.id} canEdit={canEdit} />
    </>
  );
}
