import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email/send";
import { env } from "@/lib/env";

/** Tells a workspace's owners that an endpoint was disabled after failing for days. */
export async function notifyEndpointDisabled(endpoint: {
  id: string;
  workspaceId: string;
  url: string;
  failingSince: Date;
}): Promise<void> {
  const owners = await db.membership.findMany({
    where: { workspaceId: endpoint.workspaceId, role: "owner", user: { email: { not: null } } },
    select: { user: { select: { email: true } }, workspace: { select: { name: true } } },
  });
  const to = owners.map((o) => o.user.email!).filter(Boolean);
  if (to.length === 0) return;
  const workspaceName = owners[0]!.workspace.name;
  const settings = new URL("/dashboard/settings/webhooks", env().APP_URL).toString();
  await sendEmail({
    to,
    subject: `[RetentBase] Webhook endpoint disabled: ${endpoint.url}`,
    text: [
      `Every delivery to your webhook endpoint in ${workspaceName} has failed since ${endpoint.failingSince.toISOString()}, so we have disabled it.`,
      "",
      `Endpoint: ${endpoint.url} (${endpoint.id})`,
      "",
      "Deliveries that were still queued are kept: fix the endpoint, then enable it again and they will be sent.",
      `Delivery attempts, with the status and response of each, are in your dashboard: ${settings}`,
    ].join("\n"),
  });
}
