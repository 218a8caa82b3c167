import { BODY_LIMITS, readLimitedBody } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { isWrongHost, withTransportHeaders } from "@/lib/api/host";
import {
  applyFlowAction,
  type FlowAction,
  isHostedPage,
  localeOfLink,
  recordUnknownPost,
  stepPath,
} from "@/lib/domain/cancel-sessions/flow";
import { translator } from "@/lib/i18n/translator";
import { HOSTED_FLOW_HEADERS } from "@/lib/routing/csp";

export const dynamic = "force-dynamic";

// middleware.ts does not match this route (so Next does not buffer its body): it checks its host
// and sets the hosted flow's headers itself.
const reply = (req: Request, status: number, headers: Record<string, string>, body: string | null = null) =>
  withTransportHeaders(req, new Response(body, { status, headers: { ...HOSTED_FLOW_HEADERS, ...headers } }));

const see = (req: Request, to: string) => reply(req, 303, { location: to });

const escapeHtml = (text: string) => text.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What a customer sees after posting more than a form of the flow can hold (no scripts, no forms),
 * in the link's language (else the browser's).
 */
async function tooLargePage(req: Request, token: string): Promise<Response> {
  const back = escapeHtml(stepPath(token, "reason"));
  const locale = await localeOfLink(token, req.headers.get("accept-language"));
  const t = translator(locale);
  const [title, heading, body, backText] = [
    t("hosted.tooLarge.title"),
    t("hosted.tooLarge.heading"),
    t("hosted.tooLarge.body", { kb: BODY_LIMITS.hostedForm / 1024 }),
    t("hosted.tooLarge.back"),
  ].map(escapeHtml);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="robots" content="noindex"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${heading}</h1><p>${body}</p><p><a href="${back}">${backText}</a></p></main></body></html>`;
  return reply(
    req,
    413,
    {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy":
        "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
    html,
  );
}

/**
 * Every hosted-flow form posts here (works without JavaScript). Post/redirect/get: a reload never
 * re-submits, and each action is idempotent on the server anyway. A post that is not the session's
 * next step changes nothing and lands on the step it is on, with `?error=order` for the explanation.
 */
export async function POST(req: Request, { params }: { params: Promise<{ token: string }> }) {
  // The cancel host serves only /s/*, and /s/* only there.
  if (isWrongHost(req)) return reply(req, 404, { "content-type": "text/plain" }, "Not found\n");
  const { token } = await params;
  // Forms live on this origin; refuse cross-site posts that name a token.
  const origin = req.headers.get("origin");
  if (origin && origin !== "null" && origin !== new URL(req.url).origin && origin !== originOfHost(req)) {
    return reply(req, 403, { "content-type": "text/plain" }, "Cross-site form posts are not accepted");
  }
  const form = await readForm(req);
  if (form === "too_large") return tooLargePage(req, token);
  const action = parseAction(form);
  const page = form?.get("page");
  const fromPage = isHostedPage(page) ? page : undefined;
  if (!action) {
    await recordUnknownPost(token, fromPage);
    return see(req, stepPath(token, "reason"));
  }
  const outcome = await applyFlowAction(token, action, new Date(), fromPage);
  switch (outcome.kind) {
    case "redirect":
      return see(req, outcome.to);
    case "invalid":
      return see(req, `${stepPath(token, outcome.step)}?error=${outcome.error}`);
    default:
      // Unknown or expired: the step page renders the 404 explanation.
      return see(req, stepPath(token, "reason"));
  }
}

/** The posted form, read within the hosted flow's limit; null when it is not a form. */
async function readForm(req: Request): Promise<FormData | null | "too_large"> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readLimitedBody(req, BODY_LIMITS.hostedForm);
  } catch (e) {
    if (e instanceof ApiError && e.code === "payload_too_large") return "too_large";
    return null;
  }
  const contentType = req.headers.get("content-type") ?? "";
  return new Response(bytes, { headers: { "content-type": contentType } }).formData().catch(() => null);
}

function originOfHost(req: Request) {
  const host = req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  return host ? `${proto}://${host}` : null;
}

function parseAction(form: FormData | null): FlowAction | null {
  const action = form?.get("action");
  switch (action) {
    case "reason":
    case "survey":
      return {
        action,
        reasonKey: String(form?.get("reasonKey") ?? ""),
        reasonText: String(form?.get("reasonText") ?? ""),
      };
    case "accept": {
      // A pause's length, 1…maxMonths (the flow checks the range); anything else is no choice.
      const months = String(form?.get("months") ?? "");
      return /^\d{1,2}$/.test(months) ? { action, months: Number(months) } : { action };
    }
    case "confirm": {
      // de_312k's confirmation page sends what identifies the termination; the others nothing.
      const field = (name: string) => {
        const v = form?.get(name);
        return typeof v === "string" ? v : undefined;
      };
      return {
        action,
        terminationType: field("terminationType"),
        terminationReason: field("terminationReason"),
        name: field("name"),
        email: field("email"),
      };
    }
    case "decline":
    case "cancel_now":
    case "withdraw":
      return { action };
    default:
      return null;
  }
}
