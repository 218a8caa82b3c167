import type { Metadata } from "next";
import Link from "next/link";
import { accentButton, backLink, FlowNotice, FlowShell } from "@/components/cancel-flow/flow-shell";
import { loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { reasonLabel } from "@/lib/domain/reasons-offers/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirm cancellation" };

export default async function ConfirmStep({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { token, nonce, session, branding } = await loadStep(params, "confirm");
  const outOfOrder = (await searchParams).error === "order";
  const reason = session.reasonKey ? await reasonLabel(session.workspaceId, session.reasonKey) : null;

  return (
    <FlowShell branding={branding} nonce={nonce} step={3}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Confirm your cancellation</h1>
      <p className="mt-2 text-slate-600">
        When you confirm, we&apos;ll let {branding.name} know you want to cancel. They&apos;ll take care of
        your subscription and billing.
      </p>
      {outOfOrder ? (
        <FlowNotice id="order-notice">
          There&apos;s no offer for this reason. You can confirm your cancellation below, or go back to choose
          another reason.
        </FlowNotice>
      ) : null}
      {reason ? (
        <dl className="mt-6 rounded-lg bg-slate-50 px-4 py-3 text-sm">
          <dt className="text-slate-500">Your reason</dt>
          <dd className="mt-0.5 font-medium text-slate-900">{reason}</dd>
        </dl>
      ) : null}
      <form method="post" action={`/s/${token}/submit`} className="mt-6">
        <input type="hidden" name="action" value="confirm" />
        <button type="submit" className={accentButton}>
          Confirm cancellation
        </button>
      </form>
      <p className="mt-6">
        <Link href={session.offerId ? `/s/${token}/offer` : `/s/${token}`} className={backLink}>
          Back
        </Link>
      </p>
    </FlowShell>
  );
}
