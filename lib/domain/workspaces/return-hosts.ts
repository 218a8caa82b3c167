import { ApiError } from "@/lib/api/errors";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/domain/audit";
import { env } from "@/lib/env";
import { returnUrlSchemeProblem } from "@/lib/routing/https";

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

/**
 * Why a URL cannot be a return URL on this deployment, or null: an absolute http(s) URL without
 * credentials, https only in production (http only to loopback while developing:
 * lib/routing/https.ts). One rule for links, the allowlist and the default return URL.
 */
export function returnUrlProblem(url: string): string | null {
  if (!returnOrigin(url)) return "must be an absolute http(s) URL";
  const e = env();
  return returnUrlSchemeProblem(url, { production: e.NODE_ENV === "production", appUrl: e.APP_URL });
}

function assertReturnUrl(url: string) {
  const problem = returnUrlProblem(url);
  if (problem)
    throw new ApiError("invalid_request", `url: ${problem}`, { issues: [{ path: "url", message: problem }] });
}

/** Puts the URL's origin on the allowlist in `tx`; returns it, and whether it was new. */
async function allowOrigin(tx: Tx, workspaceId: string, urlOrOrigin: string) {
  assertReturnUrl(urlOrOrigin);
  const origin = returnOrigin(urlOrOrigin) as string;
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
  if (url !== null) assertReturnUrl(url);
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
