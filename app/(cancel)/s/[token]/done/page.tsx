import type { Metadata } from "next";
import { accentButton, FlowShell } from "@/components/cancel-flow/flow-shell";
import { finishedResult } from "@/lib/domain/cancel-sessions/flow";
import { loadStep } from "@/lib/domain/cancel-sessions/load-step";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "All done" };

/**
 * A finished session shows its result again, never restarts: with its one result token while that
 * is valid (15 minutes), then without a token, and after 24 hours only that the link has expired.
 */
export default async function DoneStep({ params }: { params: Promise<{ token: string }> }) {
  const { nonce, session, branding } = await loadStep(params, "done");
  const result = await finishedResult(session);

  if (result.kind === "link_expired") {
    return (
      <FlowShell branding={branding} nonce={nonce}>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">This link has expired</h1>
        <p className="mt-2 text-slate-600">
          A finished cancellation&apos;s page stays open for 24 hours. Your answer reached {branding.name}{" "}
          when you finished, so there&apos;s nothing more to do here.
        </p>
        <p className="mt-3 text-slate-600">
          For anything about your subscription, contact {branding.name} from your account.
        </p>
      </FlowShell>
    );
  }

  const saved = session.outcome === "recovered";
  return (
    <FlowShell branding={branding} nonce={nonce} note={`Your answer has reached ${branding.name}.`}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        {saved ? "You're all set" : "Your cancellation request is confirmed"}
      </h1>
      <p className="mt-2 text-slate-600">
        {saved
          ? `You accepted “${session.offerLabel}”. ${branding.name} will apply it to your subscription.`
          : `${branding.name} has your request and will take care of your subscription.`}
      </p>
      <a href={result.returnUrl} className={`${accentButton} mt-6`} rel="noreferrer">
        Return to {branding.name}
      </a>
    </FlowShell>
  );
}
