import type { Metadata } from "next";
import { accentButton, FlowShell } from "@/components/cancel-flow/flow-shell";
import { loadStep } from "@/components/cancel-flow/load";
import { reissueResult } from "@/lib/domain/cancel-sessions/flow";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "All done" };

/** A finished session shows its result again (with a fresh result token), never restarts. */
export default async function DoneStep({ params }: { params: Promise<{ token: string }> }) {
  const { nonce, session, branding } = await loadStep(params, "done");
  const back = await reissueResult(session);
  const saved = session.outcome === "recovered";

  return (
    <FlowShell branding={branding} nonce={nonce}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
        {saved ? "You're all set" : "Your cancellation request is confirmed"}
      </h1>
      <p className="mt-2 text-slate-600">
        {saved
          ? `You accepted “${session.offerLabel}”. ${branding.name} will apply it to your subscription.`
          : `${branding.name} has your request and will take care of your subscription.`}
      </p>
      <a href={back} className={`${accentButton} mt-6`} rel="noreferrer">
        Return to {branding.name}
      </a>
    </FlowShell>
  );
}
