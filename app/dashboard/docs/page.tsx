import type { Metadata } from "next";
import Link from "next/link";
import { RevealSecret } from "@/app/dashboard/settings/api/_components/api-forms";
import { CodeBlock } from "@/components/dashboard/docs/code-block";
import { EndpointReference } from "@/components/dashboard/docs/endpoint-reference";
import { PageHeader } from "@/components/dashboard/page-header";
import { SectionCard } from "@/components/dashboard/section-card";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { can } from "@/lib/access/policy";
import { requireWorkspace } from "@/lib/dashboard/context";
import {
  applyOfferSample,
  cancelLinkCurl,
  cancelLinkNode,
  cancelLinkResponse,
  customApiPatch,
  customApiPost,
  type GuideContext,
  integrationGuideData,
  resultTokenBrowser,
  resultTokenJose,
  verifyEndpointCurl,
  WEBHOOK_VERIFY_SAMPLE,
} from "@/lib/dashboard/integration-guide";
import { env } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { endpointReference } from "@/lib/openapi/reference";

export const metadata: Metadata = { title: "Docs" };

const link = "font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800";
const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800";

const SECTIONS = [
  { id: "workspace", label: "Your workspace" },
  { id: "signing-secret", label: "Signing secret" },
  { id: "return-urls", label: "Return URLs" },
  { id: "cancel-link", label: "1. Create a cancel link" },
  { id: "verify-result", label: "2. Verify the result" },
  { id: "apply-offer", label: "3. Apply the offer" },
  { id: "webhooks", label: "Webhooks" },
  { id: "custom-api", label: "Custom API" },
  { id: "reference", label: "Endpoint reference" },
];

function AdvancedBadge({ plan }: { plan: "core" | "advanced" }) {
  return (
    <Badge tone={plan === "core" ? "warning" : "neutral"}>
      {plan === "core" ? "Advanced plan only" : "Advanced"}
    </Badge>
  );
}

function NotInPlan({ what }: { what: string }) {
  return (
    <p className="mb-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
      Your workspace is on the Core plan: {what} answer{" "}
      <code className="font-mono text-xs">403 plan_required</code> until you move to Advanced. Core covers the
      hosted flow above.
    </p>
  );
}

export default async function DocsPage() {
  const { current } = await requireWorkspace();
  const { API_URL, CANCEL_URL } = env();
  const data = await integrationGuideData(current.id);
  const guide: GuideContext = {
    apiUrl: API_URL,
    cancelUrl: CANCEL_URL,
    workspaceKey: current.workspaceKey,
    plan: current.plan,
    defaultReturnUrl: data.defaultReturnUrl,
    returnHosts: data.returnHosts,
    reasonKeys: data.reasons.map((r) => r.key),
  };
  const endpoints = endpointReference(buildOpenApiDocument(API_URL));
  // As the reveal action decides (lib/access/policy.ts).
  const canReveal = can(current, { role: "admin" });
  const core = current.plan === "core";

  return (
    <div className="space-y-5">
      <PageHeader
        title="Integration guide"
        description={
          <>
            Written for <strong className="font-medium text-ink">{current.name}</strong>: every snippet below
            already holds this workspace&apos;s values. Plan: {core ? "Core (hosted flow)" : "Advanced"}.
          </>
        }
      />

      <nav aria-label="On this page" className="rounded-card border border-line bg-surface p-4 shadow-card">
        <h2 className="text-xs font-semibold tracking-wide text-ink-muted uppercase">On this page</h2>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1.5 text-sm">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className={link}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <SectionCard id="workspace" title="Your workspace">
        <dl className="grid gap-4 sm:grid-cols-2">
          <div className="min-w-0">
            <dt className="text-sm font-medium text-ink-muted">Workspace key</dt>
            <dd className="mt-1 flex flex-wrap items-center gap-2">
              <code className="min-w-0 font-mono text-sm break-all text-ink" data-testid="workspace-key">
                {current.workspaceKey}
              </code>
              <CopyButton value={current.workspaceKey} label="Copy key" />
            </dd>
            <dd className="mt-1 text-xs text-ink-subtle">
              Public: the <code>aud</code> of your result tokens and the <code>workspaceKey</code> of webhook
              payloads.
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="text-sm font-medium text-ink-muted">API key</dt>
            <dd className="mt-1 text-sm text-ink-muted">
              Keys are shown only once, when created, so the snippets read yours from{" "}
              <code className={code}>$RETENTBASE_API_KEY</code>.{" "}
              <Link href="/dashboard/settings/api" className={link}>
                Create an API key
              </Link>
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="text-sm font-medium text-ink-muted">API base URL</dt>
            <dd className="mt-1 font-mono text-sm break-all text-ink">{API_URL}</dd>
          </div>
          <div className="min-w-0">
            <dt className="text-sm font-medium text-ink-muted">Cancel host (hosted flow)</dt>
            <dd className="mt-1 font-mono text-sm break-all text-ink">{CANCEL_URL}</dd>
          </div>
        </dl>
        <p className="mt-4 rounded-lg bg-surface-muted px-3 py-2 text-sm text-ink-muted">
          Start with <code className={code}>&quot;environment&quot;: &quot;sandbox&quot;</code>: sandbox data
          shows under Events → Sandbox and is never counted in retention health, issue detection or reports.
        </p>
      </SectionCard>

      <SectionCard
        id="signing-secret"
        title="Signing secret"
        description={
          <>
            Signs the hosted flow&apos;s result tokens and your outbound webhooks. Keep it on your server, as{" "}
            <code className={code}>RETENTBASE_SIGNING_SECRET</code>.
          </>
        }
      >
        {canReveal ? (
          <RevealSecret workspaceId={current.id} />
        ) : (
          <p className="text-sm text-ink-muted" data-testid="secret-note">
            {current.isDemo
              ? "The demo workspace's signing secret is not shown."
              : "Only admins and owners can reveal the signing secret. Ask one of them, or use the verify endpoint below, which needs only an API key."}
          </p>
        )}
        <p className="mt-3 text-sm text-ink-muted">
          Rotate it under{" "}
          <Link href="/dashboard/settings/api" className={link}>
            Settings → API
          </Link>
          ; the previous secret keeps working for 24 hours.
        </p>
      </SectionCard>

      <SectionCard
        id="return-urls"
        title="Return URLs"
        description="Where customers land when they finish the hosted flow. A returnUrl you send must be on an allowed host."
      >
        <dl className="grid gap-4 sm:grid-cols-2">
          <div className="min-w-0">
            <dt className="text-sm font-medium text-ink-muted">Default return URL</dt>
            <dd className="mt-1 text-sm break-all">
              {data.defaultReturnUrl ? (
                <code className="font-mono text-ink">{data.defaultReturnUrl}</code>
              ) : (
                <span className="text-amber-900">
                  Not set: every cancel-link call must then send a returnUrl (without one it answers 409).
                </span>
              )}
            </dd>
          </div>
          <div className="min-w-0">
            <dt className="text-sm font-medium text-ink-muted">Allowed return hosts</dt>
            <dd className="mt-1 text-sm">
              {data.returnHosts.length ? (
                <ul className="space-y-1">
                  {data.returnHosts.map((h) => (
                    <li key={h}>
                      <code className="font-mono break-all text-ink">{h}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-amber-900">
                  None yet: add your app&apos;s host before creating links.
                </span>
              )}
            </dd>
          </div>
        </dl>
        <p className="mt-4 text-sm">
          <Link href="/dashboard/settings/hosted-flow" className={link}>
            Change them in Settings → Hosted flow
          </Link>
        </p>
      </SectionCard>

      <SectionCard
        id="cancel-link"
        title="1. Create a cancel link, then redirect"
        description={
          <>
            When a customer asks to cancel, your backend calls{" "}
            <code className={code}>POST /api/v1/cancel-link</code> once and sends them to the returned{" "}
            <code className={code}>url</code>.{" "}
            {data.defaultReturnUrl
              ? "Without a returnUrl they come back to your default return URL."
              : "This workspace has no default return URL, so the examples send one."}{" "}
            RetentBase never changes billing: you do, after the result comes back.
          </>
        }
      >
        <div className="grid gap-4">
          <CodeBlock title="Create a cancel link" language="curl" code={cancelLinkCurl(guide)} />
          <CodeBlock title="Response (200)" language="JSON" code={cancelLinkResponse(guide)} />
          <CodeBlock
            title="Create the link and redirect"
            language="Node.js (fetch)"
            code={cancelLinkNode(guide)}
          />
        </div>
        <p className="mt-3 text-sm text-ink-muted">
          The flow speaks English, German, French and Spanish: <code className={code}>locale</code>, else the
          customer&apos;s browser, else this workspace&apos;s default language. With{" "}
          <code className={code}>customer.country</code> (and <code className={code}>region</code> for US
          states) it follows that country&apos;s cancellation law — Germany&apos;s §312k confirmation page,
          France&apos;s three clicks, a “Cancel subscription” button on the first page in the EU, the UK,
          California and New York — and the answer&apos;s <code className={code}>compliance_mode</code> says
          which. Every confirmed cancellation gets a receipt (page, PDF, and an email to{" "}
          <code className={code}>customer.email</code>) and a compliance record.{" "}
          <code className={code}>intent: &quot;withdrawal&quot;</code> opens the EU withdrawal path.
        </p>
        {core ? (
          <p className="mt-3 text-sm text-ink-muted">
            On Core, send <code className={code}>context.plan</code> only:{" "}
            <code className={code}>context.mrr</code> and <code className={code}>context.tenureDays</code>{" "}
            feed Advanced cohorts.
          </p>
        ) : null}
      </SectionCard>

      <SectionCard
        id="verify-result"
        title="2. Verify the result before changing billing"
        description={
          <>
            The customer comes back to your return URL with <code className={code}>#ci_result_token=…</code>:
            a JWS (HS256) signed with your signing secret, valid for 15 minutes, issuer{" "}
            <code className={code}>retentbase</code>, audience your workspace key.
          </>
        }
      >
        <div className="grid gap-4">
          <CodeBlock
            title="Read the token on your return page"
            language="browser JavaScript"
            code={resultTokenBrowser()}
          />
          <CodeBlock
            title="Verify it on your server"
            language="Node.js (jose)"
            code={resultTokenJose(guide)}
          />
        </div>
        <h3 className="mt-6 text-sm font-semibold text-ink">Or let RetentBase check it</h3>
        <p className="mt-1 mb-3 text-sm text-ink-muted">
          <code className={code}>POST /api/v1/cancel-results/verify</code> needs only your API key, answers
          200 with <code className={code}>valid</code> true or false, and records the verification in the
          session&apos;s timeline. After a secret rotation it accepts both secrets.
        </p>
        <CodeBlock title="Verify through the API" language="curl" code={verifyEndpointCurl(guide)} />
      </SectionCard>

      <SectionCard
        id="apply-offer"
        title="3. Apply the offer the customer accepted"
        description={
          <>
            The token&apos;s <code className={code}>offer</code> claim (and the webhook&apos;s and API&apos;s{" "}
            <code className={code}>offer</code>) is{" "}
            <code className={code}>{"{ type, label, accepted, terms }"}</code>: structured terms per type, so
            your backend applies the offer without parsing a label.{" "}
            {data.offerCooldownDays > 0
              ? `A customer who accepted an offer in the last ${data.offerCooldownDays} days sees none (the cooldown, in Settings → Hosted flow). `
              : "There is no offer cooldown (Settings → Hosted flow). "}
            Send <code className={code}>eligibleForOffers: false</code> to the cancel link to show none. In an
            offer experiment the token also says <code className={code}>experiment</code> and{" "}
            <code className={code}>variant</code>.
          </>
        }
      >
        <CodeBlock title="Apply an accepted offer" language="Node.js" code={applyOfferSample()} />
      </SectionCard>

      <SectionCard
        id="webhooks"
        title="Webhooks: verify the signature"
        actions={<AdvancedBadge plan={current.plan} />}
        description={
          <>
            RetentBase posts <code className={code}>cancellation.created</code> and{" "}
            <code className={code}>cancellation.outcome_updated</code> to your HTTPS endpoints, signed with{" "}
            <code className={code}>x-retentbase-signature-sha256</code> = HMAC-SHA256 of{" "}
            <code className={code}>timestamp + &quot;.&quot; + rawBody</code>. Reject stale timestamps and
            deduplicate on <code className={code}>x-retentbase-delivery-id</code>.
          </>
        }
      >
        {core ? <NotInPlan what="outbound webhooks" /> : null}
        <CodeBlock
          title="Verify a RetentBase webhook"
          language="TypeScript (route handler)"
          code={WEBHOOK_VERIFY_SAMPLE}
        />
        <p className="mt-3 text-sm">
          <Link href="/dashboard/settings/webhooks" className={link}>
            Manage webhook endpoints
          </Link>
        </p>
      </SectionCard>

      <SectionCard
        id="custom-api"
        title="Custom cancellation API"
        actions={<AdvancedBadge plan={current.plan} />}
        description={
          <>
            If your product owns the cancellation screens, record each cancellation yourself and RetentBase is
            your ledger. Keep it standalone: never pass hosted session ids into it. Reuse the same{" "}
            <code className={code}>eventId</code> on retries.
          </>
        }
      >
        {core ? <NotInPlan what="these endpoints" /> : null}
        <div className="grid gap-4">
          <CodeBlock
            title="POST /api/v1/cancellations"
            language="Node.js (fetch)"
            code={customApiPost(guide)}
          />
          <CodeBlock
            title="PATCH /api/v1/cancellations/{eventId}"
            language="Node.js (fetch)"
            code={customApiPatch(guide)}
          />
        </div>
        <h3 className="mt-6 text-sm font-semibold text-ink">This workspace&apos;s reason keys</h3>
        <p className="mt-1 text-sm text-ink-muted">
          <code className={code}>reasonKey</code> must be one of these enabled reasons (manage them in{" "}
          <Link href="/dashboard/settings/hosted-flow" className={link}>
            Settings → Hosted flow
          </Link>
          ):
        </p>
        {data.reasons.length ? (
          <ul className="mt-2 grid gap-1.5 sm:grid-cols-2">
            {data.reasons.map((r) => (
              <li key={r.key} className="text-sm text-ink-muted">
                <code className={code}>{r.key}</code> {r.label}
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-amber-900">
            No reason is enabled: the API refuses every event until one is.
          </p>
        )}
      </SectionCard>

      <SectionCard
        id="reference"
        title="Endpoint reference"
        description={
          <>
            Generated from the same schemas that validate requests (also as{" "}
            <a href={`${API_URL.replace(/\/+$/, "")}/api/v1/openapi.json`} className={link}>
              OpenAPI 3.1
            </a>
            ). Errors always look like{" "}
            <code className={code}>{'{"error":{"code","message","details"?}}'}</code>.
          </>
        }
      >
        <EndpointReference endpoints={endpoints} workspacePlan={current.plan} />
      </SectionCard>
    </div>
  );
}
