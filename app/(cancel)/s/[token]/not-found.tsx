import { accentButton, FlowShell } from "@/components/cancel-flow/flow-shell";
import { expiredLinkOfRequest } from "@/lib/domain/cancel-sessions/load-step";

/**
 * Unknown or expired cancellation links (status 404). An expired link names its workspace, with
 * its branding and the way back to the return URL; an unknown one reveals nothing.
 */
export default async function LinkNotFound() {
  const expired = await expiredLinkOfRequest();
  if (expired) {
    const { branding, returnUrl, nonce } = expired;
    return (
      <FlowShell branding={branding} nonce={nonce}>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">This link has expired</h1>
        <p className="mt-3 text-slate-600">
          Cancellation links work for 60 minutes. To cancel, start again from your account or billing settings
          at {branding.name}: it only takes a moment.
        </p>
        <p className="mt-3 text-slate-600">Nothing has changed on your subscription.</p>
        <a href={returnUrl} className={`${accentButton} mt-6`} rel="noreferrer">
          Return to {branding.name}
        </a>
      </FlowShell>
    );
  }
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          This link has expired or isn&apos;t valid
        </h1>
        <p className="mt-3 text-slate-600">
          Cancellation links work for 60 minutes. Go back to the service you were cancelling and start again
          from your account or billing settings: it only takes a moment.
        </p>
        <p className="mt-3 text-slate-600">Nothing has changed on your subscription.</p>
      </div>
    </main>
  );
}
