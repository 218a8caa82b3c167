/** Unknown or expired cancellation links (status 404). */
export default function LinkNotFound() {
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
