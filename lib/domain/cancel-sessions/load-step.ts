import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { type FlowStep, loadFlow, stepAllowed, stepPath } from "./flow";

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
