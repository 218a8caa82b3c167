import { db, type Tx } from "@/lib/db";

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

export async function addReturnHost(workspaceId: string, urlOrOrigin: string, tx: Tx = db): Promise<string> {
  const origin = returnOrigin(urlOrOrigin);
  if (!origin) throw new Error(`Not a valid http(s) URL: ${urlOrOrigin}`);
  await tx.returnHost.upsert({
    where: { workspaceId_origin: { workspaceId, origin } },
    create: { workspaceId, origin },
    update: {},
  });
  return origin;
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

export async function removeReturnHost(workspaceId: string, origin: string) {
  await db.returnHost.deleteMany({ where: { workspaceId, origin } });
}

export function listReturnHosts(workspaceId: string) {
  return db.returnHost.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { origin: true },
  });
}

/** Sets (or clears, with null) the default return URL; its origin joins the allowlist. */
export async function setDefaultReturnUrl(workspaceId: string, url: string | null) {
  if (url !== null && !returnOrigin(url)) throw new Error(`Not a valid http(s) URL: ${url}`);
  await db.$transaction(async (tx) => {
    if (url) await addReturnHost(workspaceId, url, tx);
    await tx.workspace.update({ where: { id: workspaceId }, data: { defaultReturnUrl: url } });
  });
}
