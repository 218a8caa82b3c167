import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { can, MANAGE_BILLING } from "@/lib/access/policy";
import { accessState, readOnlyReason } from "@/lib/billing/access";
import { PLANS, type PlanId } from "@/lib/billing/plans";
import { subscriptionPeriodEnd, workspaceBilling } from "@/lib/billing/queries";
import { billingEnabled } from "@/lib/billing/stripe";
import { requireWorkspace } from "@/lib/dashboard/context";
import { formatDateTime } from "@/lib/dashboard/format";
import { checkoutAction, portalAction } from "./actions";

export const metadata: Metadata = { title: "Billing" };

const FEATURE_LABELS: Record<string, string> = {
  hosted_flow: "Hosted cancellation flow",
  retention_health: "Retention health",
  custom_api: "Custom cancellation API",
  session_diagnostics: "Session diagnostics",
  outbound_webhooks: "Signed outbound webhooks",
  advanced_analytics: "Advanced analytics and CSV export",
};
const STATUS: Record<string, string> = {
  none: "No subscription",
  trialing: "Trial",
  active: "Active",
  past_due: "Payment failed",
  paused: "Paused",
  canceled: "Canceled",
  unpaid: "Unpaid",
  incomplete: "Incomplete",
  incomplete_expired: "Expired",
};
export default async function BillingPage({
  searchParams,
}: {
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { current } = await requireWorkspace();
  const { checkout } = await searchParams;
  const ws = await workspaceBilling(current.id);
  const access = accessState(ws);
  const isOwner = can(current, MANAGE_BILLING);

  if (!billingEnabled()) {
    return (
      <div className="max-w-3xl">
        <PageHeader title="Billing" />
        <Card className="p-6">
          <h2 className="text-heading text-ink">Billing is off on this server</h2>
          <p className="mt-2 text-sm text-ink-muted">
            This workspace is on the <strong>{PLANS[ws.plan].name}</strong> plan. Without STRIPE_SECRET_KEY,
            plans are set by the operator:
          </p>
          <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
            npm run rb -- workspace set-plan --workspace {current.id} --plan advanced
          </pre>
        </Card>
      </div>
    );
  }

  const renewal = await subscriptionPeriodEnd(ws.stripeSubscriptionId);
  const live =
    ["active", "trialing", "past_due", "unpaid", "paused", "incomplete"].includes(ws.subscriptionStatus) &&
    ws.stripeSubscriptionId;

  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title="Billing" description="Your RetentBase plan. Payments are handled by Stripe." />
      {checkout === "success" ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
          Thanks! Your plan changes as soon as Stripe confirms the payment, usually within seconds. Refresh to
          see it.
        </p>
      ) : null}
      {checkout === "cancelled" ? (
        <p role="status" className="rounded-lg bg-slate-100 px-4 py-3 text-sm text-slate-800">
          Checkout was cancelled; nothing changed.
        </p>
      ) : null}
      <Card className="p-6">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold text-ink">{PLANS[ws.plan].name} plan</h2>
          <Badge>{STATUS[ws.subscriptionStatus]}</Badge>
        </div>
        <p className="mt-2 text-sm text-ink-muted" data-testid="billing-status">
          {ws.subscriptionStatus === "trialing" && ws.accessEndsAt
            ? `Trial of every feature until ${formatDateTime(ws.accessEndsAt, current.timezone)}. Choose a plan to keep going.`
            : ws.subscriptionStatus === "past_due"
              ? "The last payment failed. Stripe retries automatically; update your payment method to avoid interruption."
              : access === "read_only" && readOnlyReason(ws) === "needs_plan"
                ? "No plan yet: your free trial was used on another workspace. Choose a plan below to start writing; reads work meanwhile."
                : access === "read_only"
                  ? "Access has ended: the workspace is read-only. Your data is kept; reads and exports keep working. Choose a plan to write again."
                  : renewal
                    ? renewal.cancels
                      ? `Ends on ${formatDateTime(renewal.at, current.timezone)}; it will not renew.`
                      : `Renews on ${formatDateTime(renewal.at, current.timezone)}.`
                    : "No active subscription."}
        </p>
        {isOwner && ws.stripeCustomerId ? (
          <ActionForm workspaceId={current.id} action={portalAction} className="mt-4">
            <SubmitButton variant="secondary" pendingLabel="Opening Stripe…">
              Manage billing and invoices
            </SubmitButton>
          </ActionForm>
        ) : null}
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        {(["core", "advanced"] as PlanId[]).map((id) => (
          <Card key={id} className="flex flex-col p-6">
            <h3 className="text-heading text-ink">{PLANS[id].name}</h3>
            <p className="mt-1 text-sm text-ink-muted">{PLANS[id].description}</p>
            <ul className="mt-4 flex-1 space-y-1 text-sm text-ink-muted">
              {PLANS[id].features.map((f) => (
                <li key={f}>✓ {FEATURE_LABELS[f]}</li>
              ))}
            </ul>
            {isOwner ? (
              live ? (
                ws.plan === id ? (
                  <p className="mt-4 text-sm font-medium text-ink">Your current plan</p>
                ) : (
                  <ActionForm workspaceId={current.id} action={portalAction} className="mt-4">
                    <SubmitButton variant="secondary">Switch to {PLANS[id].name} in Stripe</SubmitButton>
                  </ActionForm>
                )
              ) : (
                <ActionForm workspaceId={current.id} action={checkoutAction} className="mt-4">
                  <input type="hidden" name="plan" value={id} />
                  <SubmitButton pendingLabel="Opening checkout…">Choose {PLANS[id].name}</SubmitButton>
                </ActionForm>
              )
            ) : null}
          </Card>
        ))}
      </div>
      {!isOwner ? <p className="text-sm text-ink-muted">Only owners can change the plan.</p> : null}
    </div>
  );
}
