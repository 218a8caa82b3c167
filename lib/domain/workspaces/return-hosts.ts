import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";

/**
 * The allowlist entry for a URL: scheme + host + port, lower-cased, default ports dropped.
 * Only http(s) URLs without credentials qualify. Returns null for anything else.
 */
export function returnOrigin(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.origin.toLowerCase();
}

/** Puts the URL's origin on the allowlist in `tx`; returns it, and whether it was new. */
async function allowOrigin(tx: Tx, workspaceId: string, urlOrOrigin: string) {
  const origin = returnOrigin(urlOrOrigin);
  if (!origin) throw new Error(`Not a valid http(s) URL: ${urlOrOrigin}`);
  const { count } = await tx.returnHost.createMany({ data: [{ workspaceId, origin }], skipDuplicates: true });
  return { origin, added: count > 0 };
}

/** Allows a return URL's origin (idempotent: an origin already allowed records nothing). */
export async function addReturnHost(
  workspaceId: string,
  urlOrOrigin: string,
  opts: { actor?: Actor } = {},
): Promise<string> {
  return db.$transaction(async (tx) => {
    const { origin, added } = await allowOrigin(tx, workspaceId, urlOrOrigin);
    if (added) {
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "return_host.added",
        target: origin,
      });
    }
    return origin;
  });
}

export async function isAllowedReturnUrl(workspaceId: string, url: string): Promise<boolean> {
  const origin = returnOrigin(url);
  if (!origin) return false;
  const found = await db.returnHost.findUnique({
    where: { workspaceId_origin: { workspaceId, origin } },
    select: { id: true },
  });
  return found !== null;
}

/** Removes an origin from the allowlist; one that was not on it changes and records nothing. */
export async function removeReturnHost(workspaceId: string, origin: string, opts: { actor?: Actor } = {}) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.returnHost.deleteMany({ where: { workspaceId, origin } });
    if (count) {
      await recordAudit(tx, {
        workspaceId,
        actor: opts.actor ?? "system",
        action: "return_host.removed",
        target: origin,
      });
    }
  });
}

export function listReturnHosts(workspaceId: string) {
  return db.returnHost.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { origin: true },
  });
}

/** Sets (or clears, with null) the default return URL; its origin joins the allowlist. */
export async function setDefaultReturnUrl(
  workspaceId: string,
  url: string | null,
  opts: { actor?: Actor } = {},
) {
  if (url !== null && !returnOrigin(url)) throw new Error(`Not a valid http(s) URL: ${url}`);
  await db.$transaction(async (tx) => {
    if (url) await allowOrigin(tx, workspaceId, url);
    await tx.workspace.update({ where: { id: workspaceId }, data: { defaultReturnUrl: url } });
    await recordAudit(tx, {
      workspaceId,
      actor: opts.actor ?? "system",
      action: "return_url.default_set",
      details: { url },
    });
  });
}
