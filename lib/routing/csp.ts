// Content-Security-Policies. Next reads the nonce from the request's CSP header (middleware.ts
// sets it) and puts it on its own scripts; a page never needs an inline script without it.

/**
 * The hosted flow's: scripts and styles only from us or carrying this response's nonce; images
 * from us or inline; no frames, no plugins, no third parties. `form-action` is `'self'` plus the
 * origin of this session's return URL: browsers apply it to the redirect that follows a form post,
 * and the final step's post is answered with a redirect to the return URL.
 */
export function hostedFlowCsp(
  nonce: string,
  opts: { dev?: boolean; returnOrigin?: string | null } = {},
): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': Next's nonce'd bootstrap may load its own chunks; nothing else runs.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    ...(opts.dev ? DEV_STYLES : [`style-src 'self' 'nonce-${nonce}'`]),
    `img-src 'self' data:${opts.dev ? " blob:" : ""}`,
    `font-src 'self'${opts.dev ? " data:" : ""}`,
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action 'self'${opts.returnOrigin ? ` ${opts.returnOrigin}` : ""}`,
  ].join("; ");
}

/**
 * The app host's pages (marketing, /login, /dashboard, /invite): as strict for scripts, plus what
 * the dashboard needs — style attributes (chart bars and the branding preview are sized and
 * coloured inline; an attribute cannot load or run anything) and data: images (logos). No
 * `form-action`: sign-in forms post to next-auth, which redirects to the OAuth providers, and
 * billing forms end on Stripe; a list of those hosts would break them with each new provider.
 * Development adds `'unsafe-eval'` (React's dev build), the dev server's websocket and inline
 * styles (DEV_STYLES).
 */
export function appCsp(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    ...(opts.dev ? DEV_STYLES : [`style-src 'self' 'nonce-${nonce}'`, "style-src-attr 'unsafe-inline'"]),
    "img-src 'self' data: blob:",
    `font-src 'self'${opts.dev ? " data:" : ""}`,
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Styles under `next dev` only: the dev server injects the pages' CSS and its overlay's styles as
 * `<style>` elements and style attributes that carry no nonce, so development allows inline styles
 * (a nonce in the list would make browsers ignore 'unsafe-inline'). Styles cannot run code; the
 * script rules stay nonce-only. Production never gets this.
 */
const DEV_STYLES = ["style-src 'self' 'unsafe-inline'"];

/** Headers every hosted-flow response carries besides the CSP. */
export const HOSTED_FLOW_HEADERS: Record<string, string> = {
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
};

export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
