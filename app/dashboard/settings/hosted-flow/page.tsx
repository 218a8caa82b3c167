import { ReadOnlyNote } from "../_components/read-only-note";
import { settingsAccess } from "../access";
import { HostedFlowTab } from "./_components/hosted-flow-tab";

export default async function HostedFlowSettingsPage() {
  const { current, denial, canEdit } = await settingsAccess();
  return (
    <>
      <ReadOnlyNote denial={denial} />
      <HostedFlowTab workspaceId={current.id} canEdit={canEdit} currency={current.currency} />
    </>
  );
}
