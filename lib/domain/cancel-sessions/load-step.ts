import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { type FlowStep, loadFlow, stepAllowed, stepPath } from "./flow";
import { HOSTED_PATH_HEADER } from "./hosted-path";

/**
 * What every hosted-flow page does first: find the session (404 page when unknown or expired),
 * send the customer to the step they are really on, and read the CSP nonce.
 */
export async function loadStep(params: Promise<{ token: string }>, step: FlowStep) {
  const { token } = await params;
  const found = await loadFlow(token, { open: true });
  if (found.kind !== "ok") notFound();
  if (!stepAllowed(found.session, step)) redirect(stepPath(token, found.step));
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return { token, nonce, session: found.session, branding: found.branding };
}

/**
 * For the not-found page (which gets no params): when the link in the path is expired — not
 * unknown — the workspace is known, so the page shows its branding and the way back to its return
 * URL. Unknown tokens give null: the generic page, revealing nothing.
 */
export async function expiredLinkOfRequest() {
  const h = await headers();
  const token = /^\/s\/([^/]+)/.exec(h.get(HOSTED_PATH_HEADER) ?? "")?.[1];
  if (!token) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    return null;
  }
  const found = await loadFlow(decoded);
  if (found.kind !== "expired") return null;
  return { branding: found.branding, returnUrl: found.returnUrl, nonce: h.get("x-nonce") ?? undefined };
}
