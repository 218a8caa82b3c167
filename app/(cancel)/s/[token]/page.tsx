import type { Metadata } from "next";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = {
  title: "Cancellation flow",
  robots: { index: false, follow: false },
  // The URL carries a secret session token: never send it on as a Referer.
  referrer: "no-referrer",
};

export default async function Page({ params }: { params: Promise<{ token: string }> }) {
  // The token will be looked up by its hash once the flow lands here; it is never rendered back.
  await params;

  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <Card className="w-full max-w-md p-6 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Cancellation flow</h1>
        <p className="mt-3 text-sm/6 text-slate-600">
          This link will show the steps to cancel your subscription: tell us why you are leaving, see any
          offer that might help, then confirm. It only takes a moment.
        </p>
        <p className="mt-4 text-sm/6 text-slate-600">
          Nothing has been changed on your subscription. If you opened this link by mistake, you can close
          this page.
        </p>
      </Card>
    </main>
  );
}
