// The personalised integration guide (/dashboard/docs): this workspace's values, and copy-ready
// snippets filled with them and with the real API and cancel hosts. API keys are shown only
// once, so snippets read the key from $RETENTBASE_API_KEY.
import { db } from "@/lib/db";
import { listReasons } from "@/lib/domain/reasons-offers/reasons";
import { listReturnHosts } from "@/lib/domain/workspaces/return-hosts";

export type GuideContext = {
  apiUrl: string;
  cancelUrl: string;
  workspaceKey: string;
  plan: "core" | "advanced";
  defaultReturnUrl: string | null;
  returnHosts: string[];
  /** Enabled reasons, in the order customers see them. */
  reasonKeys: string[];
};

export async function integrationGuideData(workspaceId: string) {
  const [workspace, hosts, reasons] = await Promise.all([
    db.workspace.findUniqueOrThrow({
      where: { id: workspaceId },
      select: { defaultReturnUrl: true, offerCooldownDays: true },
    }),
    listReturnHosts(workspaceId),
    listReasons(workspaceId, { enabledOnly: true }),
  ]);
  return {
    defaultReturnUrl: workspace.defaultReturnUrl,
    offerCooldownDays: workspace.offerCooldownDays,
    returnHosts: hosts.map((h) => h.origin),
    reasons: reasons.map((r) => ({ key: r.key, label: r.label })),
  };
}

const trim = (url: string) => url.replace(/\/+$/, "");

/** A return URL to show in examples: the default, else one on an allowed host, else a placeholder. */
function exampleReturnUrl(c: GuideContext): string {
  if (c.defaultReturnUrl) return c.defaultReturnUrl;
  const host = c.returnHosts[0];
  return host ? `${host}/account` : "https://app.example.com/account";
}

function cancelLinkBody(c: GuideContext): Record<string, unknown> {
  return {
    userId: "user_456",
    environment: "sandbox",
    // Without a default return URL, every call has to name one (else 409 no_default_return_url).
    ...(c.defaultReturnUrl ? {} : { returnUrl: exampleReturnUrl(c) }),
    // MRR and tenure feed Advanced cohorts; Core takes the plan label only.
    context: c.plan === "advanced" ? { plan: "pro", mrr: 129, tenureDays: 42 } : { plan: "pro" },
    // The customer's language and where they live: the flow's language and the cancellation law it
    // follows (compliance_mode); what is cancelled and when, for the confirmation and the receipt.
    locale: "de",
    customer: { email: "kundin@example.com", name: "Anna Beispiel", country: "DE" },
    subscription: { reference: "SUB-1042", description: "Pro, monthly", endsAt: "2027-01-31T23:59:59Z" },
  };
}

const indent = (text: string, spaces: number) => text.replaceAll("\n", `\n${" ".repeat(spaces)}`);

export function cancelLinkCurl(c: GuideContext): string {
  return `curl -s -X POST ${trim(c.apiUrl)}/api/v1/cancel-link \\
  -H "Authorization: Bearer $RETENTBASE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${indent(JSON.stringify(cancelLinkBody(c), null, 2), 2).replaceAll("'", "'\\''")}'`;
}

export function cancelLinkResponse(c: GuideContext): string {
  return JSON.stringify(
    {
      url: `${trim(c.cancelUrl)}/s/3q2Jx…`,
      expires_at: "2026-11-27T15:04:05.000Z",
      environment: "sandbox",
      session_id: "cs_8PfZ…",
      locale: "de",
      compliance_mode: "de_312k",
    },
    null,
    2,
  );
}

export function cancelLinkNode(c: GuideContext): string {
  const returnUrl = c.defaultReturnUrl ? "" : `\n      returnUrl: ${JSON.stringify(exampleReturnUrl(c))},`;
  const context =
    c.plan === "advanced"
      ? "{ plan: customer.plan, mrr: customer.mrr, tenureDays: customer.tenureDays }"
      : "{ plan: customer.plan }";
  return `// Server-side only: the API key must never reach the browser.
async function createCancelLink(customer) {
  const res = await fetch("${trim(c.apiUrl)}/api/v1/cancel-link", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: "Bearer " + process.env.RETENTBASE_API_KEY,
    },
    body: JSON.stringify({
      userId: customer.id,
      environment: "sandbox", // "prod" when you go live${returnUrl}
      context: ${context},
      locale: customer.locale, // "de", "fr-CA", …: else the browser's language, else the workspace's
      // The country (and US state) picks the cancellation law the flow follows: DE → the §312k page.
      customer: { email: customer.email, name: customer.name, country: customer.country, region: customer.state },
      subscription: { reference: customer.subscriptionId, description: "Pro, monthly", endsAt: customer.periodEnd },
      // intent: "withdrawal", // the EU right of withdrawal: its own path, no offers
      // eligibleForOffers: false, // e.g. the customer already holds a coupon: no retention offer
    }),
  });
  if (!res.ok) throw new Error(\`cancel-link failed: \${res.status} \${await res.text()}\`);
  const { url } = await res.json(); // ${trim(c.cancelUrl)}/s/…, valid for 60 minutes
  return url;
}

// In your "Cancel subscription" handler: send the customer to the hosted flow.
return Response.redirect(await createCancelLink(customer), 303);`;
}

export function resultTokenBrowser(): string {
  return `// On your return page, in the browser. The token travels in the URL fragment,
// so it never reaches server logs or Referer headers: hand it to your backend.
const token = new URLSearchParams(window.location.hash.slice(1)).get("ci_result_token");
history.replaceState(null, "", window.location.pathname + window.location.search);
if (token) {
  await fetch("/account/cancellation-result", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
}`;
}

export function resultTokenJose(c: GuideContext): string {
  return `// On your server, before you change billing. npm install jose
import { jwtVerify } from "jose";

// The HMAC key is the signing secret's UTF-8 bytes, "whsec_" prefix included.
const key = new TextEncoder().encode(process.env.RETENTBASE_SIGNING_SECRET);

export async function verifyCancellationResult(token) {
  const { payload } = await jwtVerify(token, key, {
    algorithms: ["HS256"],
    issuer: "retentbase",
    audience: "${c.workspaceKey}", // your workspaceKey
  });
  // payload.sub: your userId         payload.outcome: "recovered" | "churned"
  // payload.sid: the cancel session  payload.env: "prod" | "sandbox"
  // payload.reasonKey, payload.offer, payload.jti (act once per jti), payload.exp (+15 min)
  // payload.experiment, payload.variant: the offer experiment and variant, or null
  return payload;
}`;
}

/** How a merchant's backend applies an accepted offer from its structured terms (never its label). */
export function applyOfferSample(): string {
  return `// After verifying: payload.outcome === "recovered" means the customer took payload.offer.
// Apply it from offer.terms, one shape per offer.type; the label is for people only.
async function applyOffer(customerId, offer) {
  if (!offer?.accepted || !offer.terms) return;
  const t = offer.terms;
  switch (offer.type) {
    case "discount": // { percentOff } or { amountOff, currency }; { durationMonths } or { forever: true }
      return billing.applyCoupon(customerId, {
        percentOff: t.percentOff, amountOff: t.amountOff, currency: t.currency,
        duration: t.forever ? "forever" : "repeating", durationInMonths: t.durationMonths,
      });
    case "pause": // { maxMonths, months, resumesAt }: the customer chose months; billing resumes at resumesAt
      return billing.pauseUntil(customerId, new Date(t.resumesAt));
    case "plan_change": // { toPlan, priceLabel? }
      return billing.changePlan(customerId, t.toPlan);
    case "extension": // { days }: free days added to the subscription
      return billing.extendTrial(customerId, t.days);
  }
}`;
}

export function verifyEndpointCurl(c: GuideContext): string {
  return `curl -s -X POST ${trim(c.apiUrl)}/api/v1/cancel-results/verify \\
  -H "Authorization: Bearer $RETENTBASE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"token":"<the ci_result_token>"}'

# → {"valid":true,"aud":"${c.workspaceKey}","sub":"user_456","outcome":"churned",…}
# → {"valid":false,"reason":"expired"}   (or malformed, bad_signature, other_workspace)`;
}

/** The API guide's webhook verification sample, verbatim. */
export const WEBHOOK_VERIFY_SAMPLE = `import crypto from "node:crypto";

export async function POST(request: Request) {
  const timestamp = request.headers.get("x-retentbase-timestamp");
  const signature = request.headers.get("x-retentbase-signature-sha256");

  if (!timestamp || !signature) {
    return new Response("Missing signature headers", { status: 400 });
  }

  const unixTimestamp = Number(timestamp);
  if (!Number.isFinite(unixTimestamp) || Math.abs(Date.now() / 1000 - unixTimestamp) > 300) {
    return new Response("Stale webhook timestamp", { status: 401 });
  }

  const rawBody = await request.text();
  const expected = crypto
    .createHmac("sha256", process.env.RETENTBASE_SIGNING_SECRET!)
    .update(\`\${timestamp}.\${rawBody}\`)
    .digest("hex");

  const valid =
    expected.length === signature.length &&
    crypto.timingSafeEqual(Buffer.from(expected, "utf8"), Buffer.from(signature, "utf8"));

  if (!valid) {
    return new Response("Invalid signature", { status: 401 });
  }

  const deliveryId = request.headers.get("x-retentbase-delivery-id");
  // Persist deliveryId to reject duplicate deliveries idempotently.

  const event = JSON.parse(rawBody);
  return new Response("ok", { status: 200 });
}`;

/** The guide's POST example, with this workspace's API host and one of its own reason keys. */
export function customApiPost(c: GuideContext): string {
  const reasonKey = c.reasonKeys.includes("too_expensive")
    ? "too_expensive"
    : (c.reasonKeys[0] ?? "too_expensive");
  const others = c.reasonKeys.filter((k) => k !== reasonKey);
  return `await fetch("${trim(c.apiUrl)}/api/v1/cancellations", {
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    Authorization: "Bearer " + process.env.RETENTBASE_API_KEY,
  },
  body: JSON.stringify({
    environment: "sandbox",
    eventId: "cancel_evt_8f30a7bf",
    userId: "user_456",
    reasonKey: "${reasonKey}",${others.length ? ` // or ${others.join(", ")}` : ""}
    outcome: "churned", // omit to leave outcome pending for PATCH
    offer: {
      type: "discount",
      accepted: true,
      label: "20% off next month",
    },
    reasonText: "Needs lower monthly price",
    context: {
      plan: "pro",
      mrr: 129,
      tenureDays: 42,
    },
    occurredAt: new Date().toISOString(),
    metadata: {
      source: "billing_settings_page",
    },
  }),
});`;
}

/** The guide's PATCH example, with this workspace's API host. */
export function customApiPatch(c: GuideContext): string {
  return `await fetch("${trim(c.apiUrl)}/api/v1/cancellations/cancel_evt_8f30a7bf", {
  method: "PATCH",
  headers: {
    "Content-Type": "application/json",
    Authorization: "Bearer " + process.env.RETENTBASE_API_KEY,
  },
  body: JSON.stringify({
    environment: "sandbox",
    outcome: "recovered",
    effectiveAt: new Date().toISOString(),
    metadata: {
      actor: "success_playbook",
      channel: "cs_call",
    },
  }),
});`;
}
