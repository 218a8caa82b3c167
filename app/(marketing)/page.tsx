import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// Rendered per request, like every page: each response carries a fresh CSP nonce (middleware.ts),
// which Next puts on its scripts only while rendering — a prerendered page would have none.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { absolute: "RetentBase · Self-hostable cancellation flows and retention analytics" },
};

const steps = [
  {
    title: "Create a cancel link from your backend",
    body: (
      <>
        Your server calls{" "}
        <code className="font-mono text-[0.8125rem] whitespace-nowrap text-slate-900">
          POST /api/v1/cancel-link
        </code>{" "}
        with the customer's id, then redirects them to the URL it returns. Links are short-lived.
      </>
    ),
  },
  {
    title: "Your customer picks a reason and sees a fair offer",
    body: "They tell you why they're leaving and, when it fits, see one offer: a discount or a pause. Accepting and cancelling are equally easy.",
  },
  {
    title: "You get a signed result and webhooks",
    body: "They come back to your app with a signed result token you verify before touching billing. On Advanced, signed webhooks tell your other systems too.",
  },
];

const features = [
  {
    title: "Hosted cancellation flow",
    body: "A calm, server-rendered flow on its own host: reason, optional feedback, one offer, a clear way out. Built for keyboards and screen readers.",
    icon: "M4 5h16v14H4z M4 9h16 M7 7h.01",
  },
  {
    title: "Custom API with idempotent events",
    body: "Prefer your own UI? Record cancellations through the API. Replaying an eventId returns the original event, never a duplicate.",
    icon: "M8 8l-4 4 4 4 M16 8l4 4-4 4 M13.5 6l-3 12",
    advanced: true,
  },
  {
    title: "Signed webhooks",
    body: "Every event is signed with HMAC-SHA256, with Standard Webhooks headers, and retried with backoff until your endpoint answers.",
    icon: "M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z M9 12l2 2 4-4",
    advanced: true,
  },
  {
    title: "Retention analytics",
    body: "Save rate, MRR saved and lost, top reasons and a 12-week trend. Advanced adds per-offer save rates, cohorts and CSV export.",
    icon: "M5 19v-7 M12 19V5 M19 19v-10",
  },
  {
    title: "Self-hosting with Postgres",
    body: "One Next.js app and one PostgreSQL database. Run it on your own infrastructure and keep your customers' answers where they belong.",
    icon: "M5 6c0-1.7 3.1-3 7-3s7 1.3 7 3-3.1 3-7 3-7-1.3-7-3z M5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6 M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3",
  },
];

const plans = [
  {
    name: "Core",
    summary: "The hosted flow and the numbers that matter.",
    items: [
      "Hosted cancellation flow on its own host",
      "Cancel links created from your backend",
      "Signed result tokens, with a verify endpoint",
      "Retention health: save rate, MRR saved and lost, top reasons, 12-week trend",
    ],
  },
  {
    name: "Advanced",
    summary: "For teams that integrate deeply and dig into the data.",
    items: [
      "Everything in Core",
      "Custom API with idempotent cancellation events",
      "Session diagnostics for hosted flows",
      "Outbound signed webhooks with retries",
      "Advanced analytics: per-reason and per-offer save rates, revenue and tenure cohorts, CSV export",
    ],
  },
];

function Icon({ d }: { d: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className="mt-0.5 size-4 shrink-0 text-brand-600"
      fill="currentColor"
    >
      <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" />
    </svg>
  );
}

/** A static picture of the hosted flow's offer step: no inputs, nothing to click. */
function FlowPreview() {
  return (
    <figure className="w-full max-w-md">
      <Card className="overflow-hidden shadow-lg shadow-slate-900/5">
        <div className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-5 py-3">
          <span className="text-sm font-medium text-slate-900">Acme Analytics</span>
          <span className="text-xs text-slate-600">Step 2 of 3</span>
        </div>
        <div className="space-y-4 p-5 sm:p-6">
          <div className="flex gap-1.5" aria-hidden="true">
            <span className="h-1 flex-1 rounded-full bg-brand-600" />
            <span className="h-1 flex-1 rounded-full bg-brand-600" />
            <span className="h-1 flex-1 rounded-full bg-slate-200" />
          </div>
          <p className="text-xs text-slate-600">
            Your reason: <span className="font-medium text-slate-900">Too expensive</span>
          </p>
          <div>
            <p className="text-lg font-semibold text-slate-900">Would 30% off help?</p>
            <p className="mt-1 text-sm text-slate-600">
              Keep your plan at 30% off for the next 3 months. No strings attached.
            </p>
          </div>
          <div className="grid gap-2 sm:grid-cols-2">
            <span className="flex h-10 items-center justify-center rounded-lg bg-brand-600 text-sm font-medium text-white">
              Accept 30% off
            </span>
            <span className="flex h-10 items-center justify-center rounded-lg border border-slate-300 text-sm font-medium text-slate-900">
              No thanks, cancel
            </span>
          </div>
        </div>
      </Card>
      <figcaption className="mt-3 text-center text-xs text-slate-600">
        Illustration: the offer step, after a customer chose “Too expensive”.
      </figcaption>
    </figure>
  );
}

export default function HomePage() {
  return (
    <>
      <section aria-labelledby="hero-title" className="relative overflow-hidden">
        <div
          aria-hidden="true"
          className="absolute inset-x-0 top-0 -z-10 h-[32rem] bg-gradient-to-b from-brand-50/80 to-transparent"
        />
        <div className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-16 sm:px-6 sm:py-24 lg:grid-cols-[1.1fr_1fr]">
          <div>
            <Badge tone="brand">Self-hostable · Postgres</Badge>
            <h1
              id="hero-title"
              className="mt-5 text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl"
            >
              Cancellation flows that keep customers, fairly.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-pretty text-slate-600">
              RetentBase is a self-hostable cancellation flow and retention analytics platform for
              subscription businesses. Learn why customers leave, offer a discount or a pause when it fits,
              and get a signed result you can trust.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <ButtonLink href="/login" size="lg">
                Get started
              </ButtonLink>
              <ButtonLink href="#how-it-works" variant="secondary" size="lg">
                How it works
              </ButtonLink>
            </div>
          </div>
          <div className="flex justify-center lg:justify-end">
            <FlowPreview />
          </div>
        </div>
      </section>

      <section
        aria-labelledby="how-title"
        id="how-it-works"
        className="scroll-mt-16 border-t border-slate-200 bg-slate-50"
      >
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
          <div className="max-w-2xl">
            <h2 id="how-title" className="text-3xl font-semibold tracking-tight text-slate-900">
              How it works
            </h2>
            <p className="mt-3 text-slate-600">Three steps, and your billing code stays yours.</p>
          </div>
          <ol className="mt-10 grid gap-6 md:grid-cols-3">
            {steps.map((step, index) => (
              <li key={step.title}>
                <Card className="h-full p-6">
                  <span
                    aria-hidden="true"
                    className="flex size-8 items-center justify-center rounded-full bg-brand-600 text-sm font-semibold text-white"
                  >
                    {index + 1}
                  </span>
                  <h3 className="mt-4 font-semibold text-slate-900">{step.title}</h3>
                  <p className="mt-2 text-sm/6 text-slate-600">{step.body}</p>
                </Card>
              </li>
            ))}
          </ol>
          <pre className="mt-8 rounded-xl bg-slate-900 p-4 text-xs/6 sm:p-5 sm:text-sm/6 whitespace-pre-wrap wrap-break-word text-slate-100">
            <code>{`curl https://api.retentbase.com/api/v1/cancel-link \\
  -H "Authorization: Bearer $RETENTBASE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{ "userId": "cus_123", "context": { "plan": "pro" } }'`}</code>
          </pre>
        </div>
      </section>

      <section aria-labelledby="features-title" id="features" className="scroll-mt-16">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
          <div className="max-w-2xl">
            <h2
              id="features-title"
              className="text-3xl font-semibold tracking-tight text-balance text-slate-900"
            >
              Everything a cancellation needs, nothing it doesn't
            </h2>
            <p className="mt-3 text-slate-600">
              The pieces you would otherwise build yourself, done carefully once.
            </p>
          </div>
          <ul className="mt-10 grid gap-x-8 gap-y-10 sm:grid-cols-2 lg:grid-cols-3">
            {features.map((feature) => (
              <li key={feature.title}>
                <div className="flex items-center gap-3">
                  <span className="flex size-10 items-center justify-center rounded-lg bg-brand-50 text-brand-700 ring-1 ring-brand-100">
                    <Icon d={feature.icon} />
                  </span>
                  {feature.advanced ? <Badge>Advanced plan</Badge> : null}
                </div>
                <h3 className="mt-4 font-semibold text-slate-900">{feature.title}</h3>
                <p className="mt-2 text-sm/6 text-slate-600">{feature.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section
        aria-labelledby="plans-title"
        id="plans"
        className="scroll-mt-16 border-t border-slate-200 bg-slate-50"
      >
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
          <div className="max-w-2xl">
            <h2 id="plans-title" className="text-3xl font-semibold tracking-tight text-slate-900">
              Two plans
            </h2>
            <p className="mt-3 text-slate-600">
              Start with the hosted flow; move to Advanced when you need more.
            </p>
          </div>
          <div className="mt-10 grid gap-6 md:grid-cols-2">
            {plans.map((plan) => (
              <Card key={plan.name} className="flex flex-col p-6 sm:p-8">
                <h3 className="text-xl font-semibold text-slate-900">{plan.name}</h3>
                <p className="mt-1 text-sm text-slate-600">{plan.summary}</p>
                <ul className="mt-6 flex-1 space-y-3">
                  {plan.items.map((item) => (
                    <li key={item} className="flex gap-3 text-sm/6 text-slate-700">
                      <CheckIcon />
                      <span>{item}</span>
                    </li>
                  ))}
                </ul>
                <ButtonLink
                  href="/login"
                  variant={plan.name === "Advanced" ? "primary" : "secondary"}
                  className="mt-8 w-full"
                  aria-label={`Get started with ${plan.name}`}
                >
                  Get started
                </ButtonLink>
              </Card>
            ))}
          </div>
        </div>
      </section>

      <section aria-labelledby="fair-title">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-20">
          <div className="rounded-2xl bg-slate-900 px-6 py-10 sm:px-10">
            <h2 id="fair-title" className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">
              No dark patterns
            </h2>
            <p className="mt-4 max-w-2xl text-slate-300">
              A customer who wants to cancel can always do so in a few clicks. At most one offer, a cancel
              button as visible as the accept button, no guilt-tripping copy and no hidden steps. Retention
              you earn honestly is retention that lasts.
            </p>
          </div>
        </div>
      </section>
    </>
  );
}
