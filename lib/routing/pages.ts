// The app's page routes (every app/**/page.tsx), for middleware.ts: a server action posted to any
// other path (an asset, an unknown path) is refused before Next runs it and then renders a 404.
// tests/unit/request-guard.test.ts keeps this list in step with the files under app/.

export const PAGE_ROUTES = [
  "/",
  "/login",
  "/login/check-email",
  "/s/[token]",
  "/s/[token]/offer",
  "/s/[token]/confirm",
  "/s/[token]/done",
  "/dashboard",
  "/dashboard/analytics",
  "/dashboard/billing",
  "/dashboard/docs",
  "/dashboard/events",
  "/dashboard/events/[id]",
  "/dashboard/experiments",
  "/dashboard/experiments/new",
  "/dashboard/experiments/[id]",
  "/dashboard/new",
  "/dashboard/sessions",
  "/dashboard/sessions/[id]",
  "/dashboard/settings",
  "/dashboard/settings/api",
  "/dashboard/settings/audit",
  "/dashboard/settings/general",
  "/dashboard/settings/hosted-flow",
  "/dashboard/settings/notifications",
  "/dashboard/settings/team",
  "/dashboard/settings/webhooks",
  "/invite/[token]",
] as const;

const patterns = PAGE_ROUTES.map((route) => route.split("/").filter(Boolean));

/** Whether `pathname` (as the request has it, percent-encoded) is one of the app's pages. */
export function isPagePath(pathname: string): boolean {
  const segments = pathname.split("/").filter(Boolean);
  return patterns.some(
    (p) => p.length === segments.length && p.every((s, i) => s.startsWith("[") || s === segments[i]),
  );
}
