"use server";

import { z } from "zod";
import { refused, saved, workspaceAction } from "@/lib/dashboard/action";
import { text } from "@/lib/dashboard/forms";
import { createApiKey, revokeApiKey } from "@/lib/domain/workspaces/api-keys";
import { revealSigningSecret, rotateSigningSecret } from "@/lib/domain/workspaces/signing-secrets";

// Settings change the workspace: admins and owners (the wrapper's policy also refuses the demo
// and workspaces whose subscription has ended).
const ADMIN = { role: "admin" } as const;

// ─── API keys and the signing secret ───────────────────────────────────────────

export const createApiKeyAction = workspaceAction(
  {
    ...ADMIN,
    schema: z.object({ name: text(z.string().min(1, "Name the key, e.g. Production").max(60)) }),
  },
  async ({ name }, { workspace, actor }) => {
    const key = await createApiKey({ workspaceId: workspace.id, name, actor });
    return saved(undefined, { key: key.key });
  },
);

export const revokeApiKeyAction = workspaceAction(
  { ...ADMIN, schema: z.object({ keyId: text() }) },
  async ({ keyId }, { workspace, actor }) => {
    const revoked = await revokeApiKey({ keyId, workspaceId: workspace.id, actor });
    if (!revoked) return refused("That key no longer exists.");
    return saved("Key revoked. Requests with it now get 401.");
  },
);

export const revealSigningSecretAction = workspaceAction(ADMIN, async (_input, { workspace, actor }) => {
  const secret = await revealSigningSecret(workspace.id, { actor });
  if (!secret) return refused("This workspace has no signing secret.");
  return saved(undefined, { secret });
});

export const rotateSigningSecretAction = workspaceAction(ADMIN, async (_input, { workspace, actor }) => {
  const { previousExpiresAt } = await rotateSigningSecret(workspace.id, { actor });
  return saved(
    `Secret rotated. The previous one stays valid until ${previousExpiresAt.toUTCString()}: deploy the new one before then.`,
  );
});
