import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { ConfirmSubmit } from "@/components/ui/confirm-submit";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/dashboard/format";
import { listApiKeys } from "@/lib/domain/workspaces/api-keys";
import { activeSigningSecrets } from "@/lib/domain/workspaces/signing-secrets";
import { createApiKeyAction, revokeApiKeyAction, rotateSigningSecretAction } from "../actions";
import { CreateKeyForm, RevealSecret } from "./api-forms";

export async function ApiTab({
  workspaceId,
  canEdit,
  timeZone,
}: {
  workspaceId: string;
  canEdit: boolean;
  timeZone: string;
}) {
  const fmt = (d: Date | null) => (d ? formatDateTime(d, timeZone) : "Never");
  const [keys, secrets] = await Promise.all([listApiKeys(workspaceId), activeSigningSecrets(workspaceId)]);
  const previous = secrets.find((s) => s.expiresAt !== null);

  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">API keys</h2>
        <p className="mt-1 text-sm text-slate-600">
          Send a key as <code>Authorization: Bearer …</code> or <code>x-api-key</code> from your server only.
          Keys are stored hashed: we can show a key once, when it is created.
        </p>
        {canEdit ? <CreateKeyForm action={createApiKeyAction} workspaceId={workspaceId} /> : null}
        <div className="mt-6 overflow-x-auto">
          {keys.length ? (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">API keys</caption>
              <thead className="text-xs text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Key
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Created
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Last used
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td className="py-3 pr-4 font-medium text-slate-900">{k.name}</td>
                    <td className="py-3 pr-4 font-mono text-xs text-slate-700">{k.prefix}…</td>
                    <td className="py-3 pr-4 text-slate-600">{fmt(k.createdAt)}</td>
                    <td className="py-3 pr-4 text-slate-600">{fmt(k.lastUsedAt)}</td>
                    <td className="py-3 text-right">
                      {k.revokedAt ? (
                        <span className="text-xs text-slate-500">Revoked</span>
                      ) : canEdit ? (
                        <ActionForm
                          workspaceId={workspaceId}
                          action={revokeApiKeyAction}
                          messageClassName="mt-2 text-left"
                        >
                          <input type="hidden" name="keyId" value={k.id} />
                          <ConfirmSubmit
                            title={`Revoke “${k.name}”?`}
                            description="Requests using this key will be refused with 401 immediately. This cannot be undone."
                            confirmLabel="Revoke key"
                          >
                            Revoke
                          </ConfirmSubmit>
                        </ActionForm>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <EmptyState title="No API keys">Create a key to call the API from your backend.</EmptyState>
          )}
        </div>
      </Card>

      <Card className="p-6">
        <h2 className="text-base font-semibold text-slate-900">Signing secret</h2>
        <p className="mt-1 text-sm text-slate-600">
          Signs your outbound webhooks (<code>x-retentbase-signature-sha256</code>) and the hosted flow&apos;s
          result tokens. Keep it on your server.
        </p>
        <div className="mt-4">
          {canEdit ? (
            <RevealSecret workspaceId={workspaceId} />
          ) : (
            <p className="text-sm text-slate-600">Only admins can reveal the secret.</p>
          )}
        </div>
        {previous?.expiresAt ? (
          <p className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Rotation in progress: the previous secret stays valid until {fmt(previous.expiresAt)}; webhooks
            carry both signatures until then.
          </p>
        ) : null}
        {canEdit ? (
          <ActionForm workspaceId={workspaceId} action={rotateSigningSecretAction} className="mt-4">
            <ConfirmSubmit
              title="Rotate the signing secret?"
              description="A new secret signs everything from now on. The current one keeps working for 24 hours, so you can deploy the new one without dropping webhooks."
              confirmLabel="Rotate secret"
            >
              Rotate secret
            </ConfirmSubmit>
          </ActionForm>
        ) : null}
      </Card>
    </div>
  );
}
