import type { Metadata } from "next";
import Link from "next/link";
import {
  accentButton,
  backLink,
  FlowNotice,
  FlowShell,
  plainButton,
} from "@/components/cancel-flow/flow-shell";
import { markOfferShown, pauseOf } from "@/lib/domain/cancel-sessions/flow";
import { loadStep } from "@/lib/domain/cancel-sessions/load-step";
import { offerTerms } from "@/lib/domain/reasons-offers/queries";
import { describeTerms, storedTerms } from "@/lib/domain/reasons-offers/terms";

/** The kicker above the offer and the line under it, per offer type. */
const COPY: Record<string, { kind: string; keep: string }> = {
  discount: { kind: "A better price", keep: "You keep everything you have today." },
  pause: { kind: "Pause instead", keep: "Keep your account and data; you can pick up where you left off." },
  plan_change: {
    kind: "A plan that fits",
    keep: "Keep your account and data on a plan that suits you better.",
  },
  extension: { kind: "More time, on us", keep: "Keep using everything, free, while you decide." },
};

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
  const error = (await searchParams).error;
  await markOfferShown(session);
  const terms = session.offerId ? await offerTerms(session.offerId) : null;
  const copy = COPY[session.offerType ?? ""] ?? (COPY.discount as { kind: string; keep: string });
  const summary = describeTerms(session.offerType ?? "", storedTerms(session.offerType, session.offerTerms));
  const pause = pauseOf(session);

  return (
    <FlowShell branding={branding} nonce={nonce} step={2}>
      <p className="text-sm font-medium text-[var(--accent)]">{copy.kind}</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{session.offerLabel}</h1>
      {summary && !pause ? (
        <p className="mt-2 font-medium text-slate-800" id="offer-summary">
          {summary}
        </p>
      ) : null}
      {terms ? <p className="mt-3 text-slate-600">{terms}</p> : null}
      <p className="mt-3 text-slate-600">{copy.keep} If it&apos;s not for you, you can still cancel.</p>
      {error === "months" && pause ? (
        <FlowNotice id="months-notice">
          Please choose how long to pause: 1 to {pause.maxMonths} month{pause.maxMonths === 1 ? "" : "s"}.
        </FlowNotice>
      ) : null}
      {error === "order" ? (
        <FlowNotice id="order-notice">
          Please choose one of the options below first: accept the offer, or &ldquo;No thanks&rdquo; to
          continue to cancel.
        </FlowNotice>
      ) : null}
      <div className="mt-6 flex flex-col gap-3 sm:flex-row">
        <form
          method="post"
          action={`/s/${token}/submit`}
          className="flex flex-col gap-3 sm:flex-row sm:items-end"
        >
          <input type="hidden" name="action" value="accept" />
          {pause ? (
            <label className="flex flex-col gap-1 text-sm font-medium text-slate-700" htmlFor="months">
              Pause for
              <select
                id="months"
                name="months"
                defaultValue="1"
                className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900"
                aria-describedby={error === "months" ? "months-notice" : undefined}
              >
                {Array.from({ length: pause.maxMonths }, (_, i) => i + 1).map((m) => (
                  <option key={m} value={m}>
                    {m} month{m === 1 ? "" : "s"}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="submit" className={accentButton}>
            {pause ? "Pause my subscription" : "Accept offer"}
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
