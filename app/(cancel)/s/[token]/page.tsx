import type { Metadata } from "next";
import { accentButton, FlowShell } from "@/components/cancel-flow/flow-shell";
import { enabledReasons, MAX_REASON_TEXT } from "@/lib/domain/cancel-sessions/flow";
import { loadStep } from "@/lib/domain/cancel-sessions/load-step";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cancel your subscription" };

const ERRORS: Record<string, string> = {
  reason: "Please choose the reason that fits best.",
  text: `Please keep your note under ${MAX_REASON_TEXT.toLocaleString("en")} characters.`,
  characters: "Your note contains characters we cannot save (such as a NUL). Please remove them.",
  order: "Please choose a reason first, then continue.",
};

export default async function ReasonStep({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { token, nonce, session, branding } = await loadStep(params, "reason");
  const reasons = await enabledReasons(session.workspaceId);
  const error = ERRORS[(await searchParams).error ?? ""];

  return (
    <FlowShell branding={branding} nonce={nonce} step={1}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">We&apos;re sorry to see you go</h1>
      <p className="mt-2 text-slate-600">
        Tell us why you&apos;re cancelling. It takes a moment and helps {branding.name} improve.
      </p>
      <form method="post" action={`/s/${token}/submit`} className="mt-6 space-y-6" noValidate>
        <input type="hidden" name="action" value="reason" />
        <fieldset aria-describedby={error ? "reason-error" : undefined}>
          <legend className="text-base font-medium text-slate-900">Why are you cancelling?</legend>
          {error ? (
            <p id="reason-error" role="alert" className="mt-2 text-sm font-medium text-red-700">
              {error}
            </p>
          ) : null}
          <div className="mt-3 space-y-2">
            {reasons.map((r) => (
              <label
                key={r.key}
                className="flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 px-4 py-3 hover:border-slate-300 has-[:checked]:border-[var(--accent)] has-[:checked]:ring-1 has-[:checked]:ring-[var(--accent)]"
              >
                <input
                  type="radio"
                  name="reasonKey"
                  value={r.key}
                  required
                  defaultChecked={session.reasonKey === r.key}
                  className="h-4 w-4 accent-[var(--accent)]"
                />
                <span className="text-slate-900">{r.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="reasonText" className="block text-base font-medium text-slate-900">
            Anything else you&apos;d like to share?{" "}
            <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <textarea
            id="reasonText"
            name="reasonText"
            rows={3}
            maxLength={MAX_REASON_TEXT}
            defaultValue={session.reasonText ?? ""}
            className="mt-2 block w-full rounded-lg border border-slate-300 px-3 py-2 text-slate-900 focus-visible:outline-2 focus-visible:outline-[var(--accent)]"
          />
        </div>
        <button type="submit" className={accentButton}>
          Continue
        </button>
      </form>
    </FlowShell>
  );
}
