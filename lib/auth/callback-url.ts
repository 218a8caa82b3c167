/**
 * Where to go after signing in: a path on this site only (`/dashboard/settings?tab=api`,
 * `/invite/…`), never another origin. Browsers read `\` as `/`, so `/\evil.example` is
 * protocol-relative: only the URL parser can tell. The parser also resolves dot segments, so
 * `/..//evil.example` comes out as `//evil.example`: a result that is not a single-slash path is
 * refused too.
 */
export function safeCallbackPath(raw: string | null | undefined, fallback = "/dashboard"): string {
  if (!raw?.startsWith("/")) return fallback;
  const base = "http://same-origin.invalid";
  try {
    const url = new URL(raw, base);
    const path = `${url.pathname}${url.search}`;
    if (url.origin !== base || !path.startsWith("/") || path.startsWith("//")) return fallback;
    return path;
  } catch {
    return fallback;
  }
}

/** The login page for someone signed out at `path`, coming back there afterwards. */
export function loginPathFor(path: string | null | undefined): string {
  const back = safeCallbackPath(path, "");
  return back && back !== "/dashboard" ? `/login?callbackUrl=${encodeURIComponent(back)}` : "/login";
}
