import { Card } from "@/components/ui/card";
import { enabledReasonLabels } from "@/lib/domain/reasons-offers/queries";
import { currencyCodes, timeZones } from "@/lib/domain/workspaces/general-schema";
import { getGeneralSettings } from "@/lib/domain/workspaces/general-settings";
import { env } from "@/lib/env";
import { GeneralForm } from "./general-form";

export async function GeneralTab({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const [settings, reasons] = await Promise.all([
    getGeneralSettings(workspaceId),
    enabledReasonLabels(workspaceId, 3),
  ]);
  const zones = timeZones();
  if (!zones.includes(settings.timezone)) zones.unshift(settings.timezone);

  return (
    <Card className="p-6">
      <h2 className="text-base font-semibold text-slate-900">Workspace and branding</h2>
      <p className="mt-1 text-sm text-slate-600">
        Your customers see this name, logo and colour on the hosted cancellation pages.
        {canEdit ? " The preview follows your edits; nothing changes for customers until you save." : ""}
      </p>
      <GeneralForm
        workspaceId={workspaceId}
        canEdit={canEdit}
        initial={settings}
        zones={zones}
        currencies={currencyCodes()}
        reasons={reasons}
        cancelHost={new URL(env().CANCEL_URL).host}
      />
    </Card>
  );
}
