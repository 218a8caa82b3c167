// Which host serves what (DESIGN.md §1). Pure: no I/O, no env reads — middleware.ts passes the
// configured cancel host in.

export type HostDecision =
  | { action: "next" }
  | { action: "not_found" }
  // The cancel host's root: a page saying what the host serves (lib/routing/cancel-host-home.ts).
  | { action: "cancel_home" };

/** Paths of the hosted cancellation flow: the only pages the cancel host serves. */
export function isHostedFlowPath(pathname: string): boolean {
  return pathname === "/s" || pathname.startsWith("/s/");
}

/** Framework assets every host needs to render its pages. */
function isAssetPath(pathname: string): boolean {
  return (
    pathname.startsWith("/_next/") ||
    pathname === "/favicon.ico" ||
    pathname === "/icon.svg" ||
    pathname === "/robots.txt" ||
    pathname.startsWith("/brand/")
  );
}

/** `Host` header → comparable form: lower-case, no trailing dot, default ports dropped. */
export function normalizeHost(host: string | null | undefined): string {
  if (!host) return "";
  let h = host.trim().toLowerCase();
  h = h.replace(/\.(?=:|$)/, "");
  return h.replace(/:(80|443)$/, "");
}

/** The host part (`name[:port]`) of a configured URL such as CANCEL_URL. */
export function hostOf(url: string): string {
  return normalizeHost(new URL(url).host);
}

export function decideHostRoute(input: {
  host: string | null;
  pathname: string;
  cancelHost: string;
}): HostDecision {
  const onCancelHost = normalizeHost(input.host) === normalizeHost(input.cancelHost);
  if (onCancelHost) {
    // Not a 404 whose "home page" link is the 404 itself: a page saying what this address serves.
    if (input.pathname === "/") return { action: "cancel_home" };
    return isHostedFlowPath(input.pathname) || isAssetPath(input.pathname)
      ? { action: "next" }
      : { action: "not_found" };
  }
  return isHostedFlowPath(input.pathname) ? { action: "not_found" } : { action: "next" };
}
