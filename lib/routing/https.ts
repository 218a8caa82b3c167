// Transport security decisions: when a response carries HSTS, when cookies are `Secure`, and which
// return URLs a deployment accepts. Pure: callers pass the configured URLs and request headers in.

/** Two years, subdomains included (the value hstspreload.org asks for, without `preload`). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** localhost, *.localhost, 127.0.0.0/8 and ::1: names that never leave the machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === "::1" ||
    h === "0:0:0:0:0:0:0:1"
  );
}

/** The hostname of a `Host` header value (`name`, `name:port`, `[v6]:port`). */
function hostnameOf(host: string): string {
  const h = host.trim();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.replace(/:\d*$/, "");
}

function parsed(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether a configured URL (APP_URL, CANCEL_URL) is served over https. */
export function isHttpsUrl(url: string): boolean {
  return parsed(url)?.protocol === "https:";
}

/**
 * Whether a response to this request carries `Strict-Transport-Security`: the deployment is https
 * (the configured URL of the host the request is for starts with https://, or the proxy in front
 * says `X-Forwarded-Proto: https`), and never for a loopback host (http://localhost must stay
 * reachable over http in the browser that visited it).
 */
export function sendsHsts(input: {
  host: string | null;
  forwardedProto: string | null;
  configuredUrls: readonly string[];
}): boolean {
  const host = input.host?.trim().toLowerCase() ?? "";
  if (!host || isLoopbackHostname(hostnameOf(host))) return false;
  if (input.forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https") return true;
  return input.configuredUrls.some((u) => {
    const url = parsed(u);
    return url?.protocol === "https:" && url.host.toLowerCase() === host.replace(/:443$/, "");
  });
}

/** Options of the dashboard's `rb_workspace` cookie: `Secure` whenever the app is served over https. */
export function workspaceCookieOptions(appUrl: string) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
    secure: isHttpsUrl(appUrl),
  };
}

/**
 * Why a return URL's scheme is refused, or null when it may be used: `https:` always; `http:` only
 * for a loopback host (localhost, 127.0.0.1, ::1) while developing or testing — outside production,
 * or on a deployment that itself runs on a loopback address (`npm start` on a laptop, the e2e run).
 * A production deployment on a public host never sends a customer, and a result token, over http.
 */
export function returnUrlSchemeProblem(
  url: string,
  deployment: { production: boolean; appUrl: string },
): string | null {
  const u = parsed(url.trim());
  if (!u) return "must be an absolute http(s) URL";
  if (u.protocol === "https:") return null;
  if (u.protocol !== "http:") return "must be an absolute http(s) URL";
  const appHost = parsed(deployment.appUrl)?.hostname ?? "";
  const local = !deployment.production || isLoopbackHostname(appHost);
  if (local && isLoopbackHostname(u.hostname)) return null;
  return local
    ? "must use https (http is allowed only for localhost, 127.0.0.1 and ::1 while developing)"
    : "must use https";
}
