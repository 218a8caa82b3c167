import { db } from "@/lib/db";

/** How far a workspace is from a working integration: what the overview's checklist shows. */
export async function integrationChecklist(workspaceId: string) {
  const [keys, ws, hosts, sessions, endpoints, events] = await Promise.all([
    db.apiKey.count({ where: { workspaceId, revokedAt: null } }),
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { defaultReturnUrl: true } }),
    db.returnHost.count({ where: { workspaceId } }),
    db.cancelSession.count({ where: { workspaceId } }),
    db.webhookEndpoint.count({ where: { workspaceId } }),
    db.cancellationEvent.count({ where: { workspaceId } }),
  ]);
  return [
    { key: "api_key", done: keys > 0, label: "Create an API key", href: "/dashboard/settings/api" },
    {
      key: "return_host",
      done: hosts > 0 && ws.defaultReturnUrl !== null,
      label: "Allow your return URL",
      href: "/dashboard/settings/hosted-flow",
    },
    {
      key: "cancel_link",
      done: sessions > 0,
      label: "Create your first cancel link",
      href: "/dashboard/docs",
    },
    {
      key: "webhook",
      done: endpoints > 0,
      label: "Add a webhook endpoint",
      href: "/dashboard/settings/webhooks",
    },
    {
      key: "first_event",
      done: events > 0,
      label: "Record your first cancellation",
      href: "/dashboard/docs",
    },
  ];
}
