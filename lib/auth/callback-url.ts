/**
 * Where to go after signing in: a path on this site only (`/invite/…`), never another origin.
 * Browsers read `\` as `/`, so `/\evil.example` is protocol-relative: only the URL parser can tell.
 */
export function safeCallbackPath(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw?.startsWith("/")) return fallback;
  const base = "http://same-origin.invalid";
  try {
    const url = new URL(raw, base);
    return url.origin === base ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}
