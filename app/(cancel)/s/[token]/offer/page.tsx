import type { Metadata } from "next";
import Link from "next/link";
import {
  accentButton,
  backLink,
  FlowNotice,
  FlowShell,
  plainButton,
} from "@/components/cancel-flow/flow-shell";
import { markOfferShown } from "@/lib/domain/cancel-sessions/flow";
import { loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { offerTerms } from "@/lib/domain/reasons-offers/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Before you go" };

export default async function OfferStep({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { token, nonce, session, branding } = await loadStep(params, "offer");
  const outOfOrder = (await searchParams).error === "order";
  await markOfferShown(session);
  const terms = session.offerId ? await offerTerms(session.offerId) : null;
  const kind = session.offerType === "pause" ? "Pause instead" : "A better price";

  return (
    <FlowShell branding={branding} nonce={nonce} step={2}>
      <p className="text-sm font-medium text-[var(--accent)]">{kind}</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{session.offerLabel}</h1>
      {terms ? <p className="mt-3 text-slate-600">{terms}</p> : null}
      <p className="mt-3 text-slate-600">
        {session.offerType === "pause"
          ? "Keep your account and data; you can pick up where you left off."
          : "You keep everything you have today."}{" "}
        If it&apos;s not for you, you can still cancel.
      </p>
      {outOfOrder ? (
        <FlowNotice id="order-notice">
          Please choose one of the options below first: accept the offer, or &ldquo;No thanks&rdquo; to
          continue to cancel.
        </FlowNotice>
      ) : null}
      <div className="mt-6 flex flex-col gap-3 sm:flex-row">
        <form method="post" action={`/s/${token}/submit`}>
          <input type="hidden" name="action" value="accept" />
          <button type="submit" className={accentButton}>
            Accept offer
          </button>
        </form>
        <form method="post" action={`/s/${token}/submit`}>
          <input type="hidden" name="action" value="decline" />
          <button type="submit" className={plainButton}>
            No thanks, continue to cancel
          </button>
        </form>
      </div>
      <p className="mt-6">
        <Link href={`/s/${token}`} className={backLink}>
          Back to reasons
        </Link>
      </p>
    </FlowShell>
  );
}
